using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Posts batches to POST /v1/assessments/batch and compares each result with what POST /v1/assessments answers to the same body.</summary>
public static class Batches
{
    public const string Path = "/v1/assessments/batch";

    public static Task<HttpResponseMessage> PostBatchAsync(this HttpClient client, IEnumerable<JsonNode> items) =>
        client.PostBatchRawAsync(new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString());

    public static Task<HttpResponseMessage> PostBatchRawAsync(this HttpClient client, string body, string contentType = "application/json") =>
        client.PostAsync(Path, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Posts the items and returns the 200 answer.</summary>
    public static async Task<JsonObject> GradeBatchAsync(this HttpClient client, IEnumerable<JsonNode> items) =>
        await ReadBatchAsync(await client.PostBatchAsync(items));

    public static async Task<JsonObject> ReadBatchAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    public static IReadOnlyList<JsonObject> Results(this JsonObject batch) =>
        batch["results"]!.AsArray().Select(r => r!.AsObject()).ToArray();

    /// <summary>A graded result's assessment, less its fresh id.</summary>
    public static JsonObject GradedAssessment(this JsonObject result)
    {
        Assert.True(result["outcome"]?.GetValue<string>() == "graded", $"Not graded: {result.ToJsonString()}");
        var assessment = result["assessment"]!.DeepClone().AsObject();
        Assert.True(Guid.TryParse(assessment["assessmentId"]!.GetValue<string>(), out _));
        assessment.Remove("assessmentId");
        return assessment;
    }

    /// <summary>A result that was not graded: its problem.</summary>
    public static JsonObject Problem(this JsonObject result)
    {
        Assert.True(result["outcome"]?.GetValue<string>() == "not_graded", $"Graded: {result.ToJsonString()}");
        return result["problem"]!.AsObject();
    }

    /// <summary>
    /// Asserts that <paramref name="result"/>, the batch's answer to item <paramref name="index"/>, is what the single call answered to
    /// the same body alone: the same assessment (less its id and the stamp and disclaimer, which the batch gives once), or the same
    /// problem (less the trace id, and with the index before its detail; a problem without errors has empty ones in a batch).
    /// </summary>
    public static async Task AssertAnsweredAsTheSingleCallAsync(JsonObject result, int index, JsonObject batch, HttpResponseMessage single)
    {
        var text = await single.Content.ReadAsStringAsync();
        var expected = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        Assert.Equal(index, result["index"]!.GetValue<int>());
        if (single.StatusCode == HttpStatusCode.OK)
        {
            Assert.True(JsonNode.DeepEquals(expected["ruleset"], batch["ruleset"]), $"Stamp {expected["ruleset"]!.ToJsonString()} vs {batch["ruleset"]!.ToJsonString()}");
            Assert.Equal(expected["disclaimer"]!.GetValue<string>(), batch["disclaimer"]!.GetValue<string>());
            foreach (var once in new[] { "assessmentId", "ruleset", "disclaimer" })
            {
                expected.Remove(once);
            }

            var actual = result.GradedAssessment();
            Assert.True(JsonNode.DeepEquals(expected, actual), $"Item {index}:\nsingle call: {expected.ToJsonString()}\nbatch:       {actual.ToJsonString()}");
            return;
        }

        var problem = result.Problem().DeepClone().AsObject();
        Assert.False(string.IsNullOrWhiteSpace(problem["traceId"]?.GetValue<string>()));
        problem.Remove("traceId");
        expected.Remove("traceId");
        expected["detail"] = $"Item {index}: {expected["detail"]!.GetValue<string>()}";
        expected["errors"] ??= new JsonObject();
        Assert.True(JsonNode.DeepEquals(expected, problem), $"Item {index}:\nsingle call: {expected.ToJsonString()}\nbatch:       {problem.ToJsonString()}");
    }
}
