using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BackCare.Api.EndToEndTests;

/// <summary>The four FHIR endpoints on the published app, as a partner's FHIR client calls them.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class FhirTests(PublishedApp published)
{
    private const string FhirJson = "application/fhir+json";

    [Fact(Timeout = 120_000)]
    public async Task The_FHIR_endpoints_answer_FHIR_json_and_triage_grades_a_QuestionnaireResponse()
    {
        var app = await published.Plain;

        Assert.Equal("CapabilityStatement", (await ReadAsync(await app.GetAsync("fhir/metadata")))["resourceType"]!.GetValue<string>());
        Assert.Equal("triage", (await ReadAsync(await app.GetAsync("fhir/OperationDefinition/triage")))["code"]!.GetValue<string>());
        var questionnaire = await ReadAsync(await app.GetAsync("fhir/Questionnaire/backcare-screening"));
        var linkIds = questionnaire["item"]!.AsArray().SelectMany(g => g!["item"]!.AsArray()).Select(i => i!["linkId"]!.GetValue<string>()).ToList();
        Assert.Contains("redFlags.saddleAnesthesia", linkIds);

        // The disc-problem answers of the /v1 checks, as a flat QuestionnaireResponse.
        var items = new JsonArray();
        foreach (var (section, answers) in JsonNode.Parse(Calls.DiscProblem)!.AsObject())
        {
            foreach (var (name, value) in answers!.AsObject())
            {
                JsonObject answer = value!.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    ? new() { ["valueInteger"] = value.GetValue<int>() }
                    : new() { ["valueCoding"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0532", ["code"] = value.GetValue<string>() == "yes" ? "Y" : "N" } };
                items.Add(new JsonObject { ["linkId"] = $"{section}.{name}", ["answer"] = new JsonArray(answer) });
            }
        }

        var response = await app.Client.PostAsync("fhir/QuestionnaireResponse/$triage", new StringContent(
            new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["status"] = "completed", ["item"] = items }.ToJsonString(), Encoding.UTF8, FhirJson));

        var parameters = await ReadAsync(response);
        Assert.Equal("Parameters", parameters["resourceType"]!.GetValue<string>());
        var grade = parameters["parameter"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "grade")!;
        Assert.Equal("caution", grade["valueCode"]!.GetValue<string>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response) => (await response.ReadJsonAsync(mediaType: FhirJson)).AsObject();
}
