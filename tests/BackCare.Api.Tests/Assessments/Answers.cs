using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Builds assessment request bodies: a person with no complaints, changed one JSON path at a time.</summary>
public static class Answers
{
    /// <summary>Every required answer "no", four days of lumbar pain, no self-adjustment habits: nothing fires.</summary>
    public static JsonObject NothingWrong() => new()
    {
        ["redFlags"] = new JsonObject
        {
            ["bladderOrBowelControlLoss"] = "no",
            ["saddleAnesthesia"] = "no",
            ["feverOrChills"] = "no",
            ["unexplainedWeightLoss"] = "no",
            ["radiatingNumbnessTinglingOrWeakness"] = "no",
        },
        ["conditions"] = new JsonObject
        {
            ["severeOsteoporosis"] = "no",
            ["inflammatoryArthritis"] = "no",
            ["recentAcuteInjury"] = "no",
            ["discProblem"] = "no",
            ["otherSpinalCondition"] = "no",
        },
        ["pain"] = new JsonObject { ["durationDays"] = 4 },
    };

    /// <summary>Sets (or, with null, removes) the answer at a JSON path such as <c>redFlags.saddleAnesthesia</c>.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var (group, leaf) = Split(path);
        var parent = body[group] as JsonObject ?? (JsonObject)(body[group] = new JsonObject());
        if (value is null)
        {
            parent.Remove(leaf);
        }
        else
        {
            parent[leaf] = value;
        }

        return body;
    }

    public static JsonObject Without(this JsonObject body, string path) => body.With(path, null);

    public static Task<HttpResponseMessage> PostAssessmentAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync("/v1/assessments", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string contentType = "application/json") =>
        client.PostAsync("/v1/assessments", new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Posts the answers and returns the 200 response body.</summary>
    public static async Task<JsonObject> AssessAsync(this HttpClient client, JsonNode body)
    {
        var response = await client.PostAssessmentAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    public static string Grade(this JsonObject assessment) => assessment["grade"]!.GetValue<string>();

    public static IReadOnlyList<JsonObject> Findings(this JsonObject assessment) =>
        assessment["findings"]!.AsArray().Select(f => f!.AsObject()).ToArray();

    public static IReadOnlyList<string> FiredRuleIds(this JsonObject assessment) =>
        assessment.Findings().Select(f => f["ruleId"]!.GetValue<string>()).ToArray();

    public static IReadOnlyList<string> Ids(this JsonObject assessment, string list) =>
        assessment[list]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).ToArray();

    private static (string Group, string Leaf) Split(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return (path[..dot], path[(dot + 1)..]);
    }
}
