using System.Text.Json;
using FluentValidation.Results;

namespace BackCare.Api.Hosting;

/// <summary>A failed validation as the 400 problem every endpoint answers: one entry of <c>errors</c> per JSON path, in the validator's order.</summary>
public static class ValidationProblems
{
    public static HttpValidationProblemDetails From(ValidationResult result)
    {
        var errors = result.Errors
            .GroupBy(e => JsonPath(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = Problems.TypeFor(StatusCodes.Status400BadRequest),
            Title = "One or more validation errors occurred.",
            Detail = $"{errors.Count} field(s) are missing or out of range: {string.Join(", ", errors.Keys)}.",
        };
    }

    /// <summary>"RedFlags.SaddleAnesthesia" becomes "redFlags.saddleAnesthesia", the path in the request body.</summary>
    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
