using System.Text.Json;
using BackCare.Api.Contract;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Api.Tests.Hosting;

/// <summary>A JSON binding failure is told apart by the exception's type and path, never by its wording, which a runtime update may change.</summary>
public sealed class ProblemClassificationTests
{
    private const string AnyWording = "Wording that no version of the serializer uses.";

    /// <summary>A request to the API, whose contract knows the assessment request's paths.</summary>
    private static readonly DefaultHttpContext Context = new()
    {
        RequestServices = new ServiceCollection().AddSingleton<IRequestBodyPaths, QuestionnairePaths>().BuildServiceProvider(),
    };

    public static TheoryData<string, string?, string, string> Failures => new()
    {
        { "wrong value", "$.selfAdjustment.usesForce", "The request body has a value of the wrong type.", "selfAdjustment.usesForce" },
        { "plain", "$.redFlags.saddleAnaesthesia", "The request body has a property the API does not know.", "redFlags.saddleAnaesthesia" },
        { "plain", "$.REDFLAGS", "The request body has a property the API does not know.", "REDFLAGS" },
        { "plain", "$.conditions.discProblem", "The request body gives the same property twice.", "conditions.discProblem" },
        { "plain", "$", "The request body must be a single JSON object.", "body" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_binding_failure_is_classified_by_its_type_and_path(string kind, string? path, string detail, string key)
    {
        var json = kind == "wrong value" ? new WrongValueException(AnyWording, path) : new JsonException(AnyWording, path, 0, 0);

        var problem = Assert.IsType<HttpValidationProblemDetails>(Problems.FromBadRequest(Context, new BadHttpRequestException("Failed to read the body.", 400, json)));

        Assert.Equal((400, detail), (problem.Status, problem.Detail));
        Assert.Equal([key], problem.Errors.Keys);
    }

    [Fact]
    public void The_json_readers_own_exception_is_malformed_json_wherever_it_stands()
    {
        JsonException reader;
        try
        {
            JsonSerializer.Deserialize<JsonElement>("{\"redFlags\": }"u8);
            throw new InvalidOperationException("The reader accepted malformed JSON.");
        }
        catch (JsonException e)
        {
            reader = e;
        }

        var problem = Assert.IsType<HttpValidationProblemDetails>(Problems.FromBadRequest(Context, new BadHttpRequestException("Failed to read the body.", 400, reader)));

        Assert.Equal("The request body is not valid JSON.", problem.Detail);
    }
}
