using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace BackCare.Api.Fhir;

/// <summary>FHIR R4 JSON through Firely's System.Text.Json converters: what BackCare reads and writes on <c>/fhir</c>.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    /// <summary>Strict: an unknown element, a wrong literal or a missing resourceType is an error with its location.</summary>
    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);

    public static Resource Deserialize(string json) =>
        JsonSerializer.Deserialize<Resource>(json, Options) ?? throw new JsonException("The body is JSON null, not a FHIR resource.");
}

/// <summary>A FHIR resource as the answer, <c>application/fhir+json</c>, with its status.</summary>
public sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public Resource Resource { get; } = resource;

    public int? StatusCode => status;

    public string ContentType => $"{FhirJson.MediaType}; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = ContentType;
        return httpContext.Response.WriteAsync(FhirJson.Serialize(Resource));
    }
}

/// <summary>Errors on <c>/fhir</c> are OperationOutcome resources, each issue naming where it is.</summary>
public static class Outcomes
{
    public static FhirResult Error(int status, OperationOutcome.IssueType code, string diagnostics, params string[] expressions) =>
        new(new OperationOutcome
        {
            Issue = [Issue(code, diagnostics, expressions)],
        }, status);

    public static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType code, string diagnostics, params string[] expressions) => new()
    {
        Severity = OperationOutcome.IssueSeverity.Error,
        Code = code,
        Diagnostics = diagnostics,
        Expression = [.. expressions],
    };

    public static FhirResult Errors(int status, IEnumerable<OperationOutcome.IssueComponent> issues) =>
        new(new OperationOutcome { Issue = [.. issues] }, status);
}
