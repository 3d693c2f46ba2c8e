using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace BackCare.Api.Tests.Assessments;

/// <summary>POST /v1/assessments/batch with NDJSON: a request per line in, and the header then a result per line out, graded as the JSON batch is.</summary>
[Collection("api")]
public sealed class BatchNdjsonTests(ApiFactory factory)
{
    private const string Ndjson = "application/x-ndjson";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_request_per_line_is_graded_as_the_same_requests_in_a_json_array_blank_lines_being_no_items()
    {
        var people = Respondents.Valid.Array[12].Single().Select(p => (JsonNode)p.ToJson()).ToArray();
        var lines = "\r\n" + string.Join("\r\n\n  \t\n", people.Select(p => p.ToJsonString())) + "\n\n";

        var fromLines = await (await PostAsync(lines)).ReadBatchAsync();
        var fromArray = await _client.GradeBatchAsync(people);

        Assert.Equal(12, fromLines.Results().Count);
        Assert.True(JsonNode.DeepEquals(WithoutIds(fromArray), WithoutIds(fromLines)), $"{WithoutIds(fromArray).ToJsonString()}\n{WithoutIds(fromLines).ToJsonString()}");
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_that_items_problem_as_the_single_call_answers_that_body_and_the_other_lines_are_graded()
    {
        var valid = Answers.NothingWrong().ToJsonString();
        const string broken = "{\"pain\": {\"durationDays\": 4}";

        var batch = await (await PostAsync($"{valid}\n{broken}\n{valid}\n")).ReadBatchAsync();

        var results = batch.Results();
        Assert.Equal(["graded", "not_graded", "graded"], results.Select(r => r["outcome"]!.GetValue<string>()));
        await Batches.AssertAnsweredAsTheSingleCallAsync(results[1], 1, batch, await _client.PostRawAsync(broken));
    }

    [Fact]
    public async Task Asked_for_ndjson_the_answer_is_the_header_on_the_first_line_then_one_result_per_line_in_order()
    {
        var items = new JsonNode[] { Answers.NothingWrong().With("redFlags.saddleAnesthesia", "yes"), new JsonObject(), Answers.NothingWrong() };
        var request = new HttpRequestMessage(HttpMethod.Post, Batches.Path)
        {
            Content = new StringContent(new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Ndjson));

        var response = await _client.SendAsync(request);
        var json = await _client.GradeBatchAsync(items);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ndjson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(4, lines.Length);
        var header = lines[0];
        Assert.Equal(["ruleset", "disclaimer", "graded", "notGraded"], header.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(json["ruleset"], header["ruleset"]));
        Assert.Equal((2, 1), (header["graded"]!.GetValue<int>(), header["notGraded"]!.GetValue<int>()));
        var asJson = WithoutIds(json)["results"]!.AsArray();
        for (var i = 0; i < items.Length; i++)
        {
            var line = WithoutIds(new JsonObject { ["results"] = new JsonArray(lines[i + 1].DeepClone()) })["results"]![0]!;
            Assert.True(JsonNode.DeepEquals(asJson[i], line), $"Line {i + 1}: {line.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData("application/x-ndjson", true)]
    [InlineData("application/x-ndjson, application/json;q=0.9", true)]
    [InlineData("application/json, application/x-ndjson;q=0.5", false)]
    [InlineData("application/json", false)]
    [InlineData("*/*", false)]
    [InlineData(null, false)]
    public async Task The_answer_is_ndjson_only_when_accept_prefers_it(string? accept, bool ndjson)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Batches.Path) { Content = new StringContent(Answers.NothingWrong().ToJsonString(), Encoding.UTF8, Ndjson) };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ndjson ? Ndjson : "application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n  \n")]
    public async Task A_body_without_a_line_is_a_400(string body)
    {
        var response = await PostAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body holds no line: there is nothing to grade.", "Send 1 to 1000 assessment requests, one JSON object per line."));
    }

    [Fact]
    public async Task A_thousand_lines_are_graded_and_a_thousand_and_one_are_a_400_naming_the_count()
    {
        var line = Answers.NothingWrong().ToJsonString();

        var thousand = await (await PostAsync(string.Join('\n', Enumerable.Repeat(line, 1000)))).ReadBatchAsync();
        var tooMany = await PostAsync(string.Join('\n', Enumerable.Repeat(line, 1001)));

        Assert.Equal((1000, 0), (thousand["graded"]!.GetValue<int>(), thousand["notGraded"]!.GetValue<int>()));
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body holds 1001 assessment requests; one call takes at most 1000. Split the list into several calls.",
            "The body must hold 1 to 1000 lines of assessment requests; it holds 1001."));
    }

    private Task<HttpResponseMessage> PostAsync(string lines) => _client.PostBatchRawAsync(lines, Ndjson);

    private static JsonObject WithoutIds(JsonObject batch)
    {
        var copy = batch.DeepClone().AsObject();
        foreach (var result in copy["results"]!.AsArray())
        {
            (result!["assessment"] as JsonObject)?.Remove("assessmentId");
            (result["problem"] as JsonObject)?.Remove("traceId");
        }

        return copy;
    }

    private static JsonObject Problem(string detail, string message) => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        ["title"] = "One or more validation errors occurred.",
        ["status"] = 400,
        ["detail"] = detail,
        ["errors"] = new JsonObject { ["body"] = new JsonArray(message) },
    };
}
