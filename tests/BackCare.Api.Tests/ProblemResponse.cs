using System.Net;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests;

/// <summary>Reads an RFC 9457 problem response and compares the whole document, so a test never settles for the status code alone.</summary>
public static class ProblemResponse
{
    public const string MediaType = "application/problem+json";

    public static async Task<JsonObject> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        return Assert.IsType<JsonObject>(JsonNode.Parse(body));
    }

    /// <summary>Asserts the problem equals <paramref name="expected"/> key for key; the per-request <c>traceId</c> only has to be present.</summary>
    public static void AssertEquivalent(JsonObject expected, JsonObject actual)
    {
        var copy = actual.DeepClone().AsObject();
        Assert.False(string.IsNullOrWhiteSpace(copy["traceId"]?.GetValue<string>()), $"The problem has no traceId: {actual.ToJsonString()}");
        copy.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(expected, copy), $"Expected problem:\n{expected.ToJsonString()}\nActual problem:\n{actual.ToJsonString()}");
    }

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, JsonObject expected) =>
        AssertEquivalent(expected, await response.ReadProblemAsync(status));
}
