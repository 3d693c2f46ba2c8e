using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Fhir;
using Hl7.Fhir.Model;

namespace BackCare.Api.Tests.Fhir;

/// <summary>Calls of the FHIR endpoints, and the assessment request's answers turned into the QuestionnaireResponse a partner would send.</summary>
internal static class FhirCalls
{
    private const string AnswerSystem = "http://terminology.hl7.org/CodeSystem/v2-0532";
    private const string RegionSystem = "https://backcare.example.org/fhir/CodeSystem/spine-region";

    public const string TriagePath = "/fhir/QuestionnaireResponse/$triage";

    /// <summary>The request's answers, nested in their sections as the Questionnaire nests them (or flat).</summary>
    public static QuestionnaireResponse ToQuestionnaireResponse(JsonObject answers, bool flat = false)
    {
        var sections = answers.Select(section => new QuestionnaireResponse.ItemComponent
        {
            LinkId = section.Key,
            Item = [.. section.Value!.AsObject().Select(answer => Answered($"{section.Key}.{answer.Key}", answer.Value!))],
        }).ToList();
        return new QuestionnaireResponse
        {
            Questionnaire = "https://backcare.example.org/fhir/Questionnaire/backcare-screening",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Item = flat ? [.. sections.SelectMany(s => s.Item)] : sections,
        };
    }

    public static QuestionnaireResponse.ItemComponent Answered(string linkId, JsonNode value) => new()
    {
        LinkId = linkId,
        Answer = [new QuestionnaireResponse.AnswerComponent { Value = Value(linkId, value) }],
    };

    private static DataType Value(string linkId, JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number => new Integer(value.GetValue<int>()),
        _ when linkId == "pain.region" => new Coding(RegionSystem, value.GetValue<string>()),
        _ => new Coding(AnswerSystem, value.GetValue<string>() switch { "yes" => "Y", "no" => "N", _ => "ASKU" }),
    };

    public static Task<HttpResponseMessage> TriageAsync(this HttpClient client, Resource resource) =>
        client.PostRawFhirAsync(FhirJson.Serialize(resource));

    public static Task<HttpResponseMessage> PostRawFhirAsync(this HttpClient client, string body, string contentType = FhirJson.MediaType) =>
        client.PostAsync(TriagePath, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>The answer as the resource it must be: the status, application/fhir+json, and a body the SDK reads as <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadResourceAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(FhirJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<T>(FhirJson.Deserialize(text));
    }
}
