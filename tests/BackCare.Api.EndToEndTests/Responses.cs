using System.Net;
using System.Text.Json.Nodes;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// The contract of an answer: status, media type and, for a problem (RFC 9457), its status and title and a detail for a person.
/// The detail's wording is not pinned.
/// </summary>
public static class Responses
{
    public const string Problem = "application/problem+json";

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK,
        string mediaType = "application/json")
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonObject> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var problem = Assert.IsType<JsonObject>(await response.ReadJsonAsync(status, Problem));
        AssertProblem(problem, (int)status, title);
        return problem;
    }

    public static JsonObject ReadProblem(this RawResponse response, int status, string title)
    {
        Assert.True(response.Status == status, $"Expected {status}, got:\n{response}");
        Assert.Equal(Problem, response.MediaType);
        var problem = response.Json();
        AssertProblem(problem, status, title);
        return problem;
    }

    private static void AssertProblem(JsonObject problem, int status, string title)
    {
        Assert.Equal(status, problem["status"]?.GetValue<int>());
        Assert.Equal(title, problem["title"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"The problem has no detail: {problem.ToJsonString()}");
    }

    /// <summary>The <c>id</c> of every element of a JSON array.</summary>
    public static List<string> Ids(this JsonNode array) =>
        array.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToList();
}
