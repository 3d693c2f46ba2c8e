using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Api.Assessments;
using BackCare.Api.Tests.Hosting;
using CsCheck;
using Xunit.Abstractions;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Generated batches: every item, valid or broken, is answered as POST /v1/assessments answers the same body; no bad input is a 5xx.</summary>
[Collection("api")]
public sealed class BatchPropertyTests(ApiFactory factory, ITestOutputHelper output)
{
    public const int GeneratedBatches = 150;
    public const int BrokenItems = 1500;
    public const int BrokenBodies = 1500;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Each_item_of_a_generated_batch_has_the_grade_and_fired_rules_the_single_call_gives_it()
    {
        var items = 0;
        await Respondents.Valid.Array[1, 15].SampleAsync(async people =>
        {
            var bodies = people.Select(p => (JsonNode)p.ToJson()).ToArray();
            var batch = await _client.GradeBatchAsync(bodies);

            var results = batch.Results();
            Assert.Equal(bodies.Length, results.Count);
            for (var i = 0; i < bodies.Length; i++)
            {
                var single = await _client.AssessAsync(bodies[i]);
                Assert.Equal(single.Grade(), results[i]["assessment"]!.AsObject().Grade());
                Assert.Equal(single.FiredRuleIds(), results[i]["assessment"]!.AsObject().FiredRuleIds());
                await Batches.AssertAnsweredAsTheSingleCallAsync(results[i], i, batch, await _client.PostAssessmentAsync(bodies[i]));
            }

            Interlocked.Add(ref items, bodies.Length);
        }, iter: GeneratedBatches, print: p => new JsonArray([.. p.Select(r => (JsonNode)r.ToJson())]).ToJsonString());

        output.WriteLine($"{GeneratedBatches} generated batches, {items} items: each graded as the single call grades it.");
    }

    /// <summary>
    /// A broken body between two valid ones: if the batch is one JSON array of three values, the broken item gets exactly the single
    /// call's problem (or grade, when the damage left valid answers) and its neighbours are graded; only a batch that is not JSON is
    /// refused whole, with a 400.
    /// </summary>
    [Fact]
    public async Task A_broken_item_gets_the_single_calls_answer_and_never_spoils_its_neighbours()
    {
        var valid = Answers.NothingWrong().ToJsonString();
        var outcomes = new ConcurrentDictionary<string, int>();
        await GarbageBodies.Any.SampleAsync(async garbage =>
        {
            byte[] body = [.. Encoding.UTF8.GetBytes($"[{valid},"), .. garbage.Body, .. Encoding.UTF8.GetBytes($",{valid}]")];
            using var response = await _client.PostAsync(Batches.Path, Bodies.Of(body, "application/json", chunked: false));
            var text = await response.Content.ReadAsStringAsync();
            if (body.Length > AssessmentBatchesApi.MaxBodyBytes)
            {
                Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode} for {garbage}: {text}");
                outcomes.AddOrUpdate("body too large (413)", 1, (_, n) => n + 1);
                return;
            }

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {garbage}: {text}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // Refused whole only when the batch is not one JSON array of three values.
                Assert.False(IsArrayOfThree(body), $"A well-formed batch was refused whole for {garbage}: {text}");
                Assert.NotNull(JsonNode.Parse(text)!["errors"]!["body"]);
                outcomes.AddOrUpdate("refused whole (400)", 1, (_, n) => n + 1);
                return;
            }

            var batch = JsonNode.Parse(text)!.AsObject();
            var results = batch.Results();
            Assert.True(results.Count == 3, $"{results.Count} results for {garbage}");
            Assert.Equal("graded", results[0]["outcome"]!.GetValue<string>());
            Assert.Equal("graded", results[2]["outcome"]!.GetValue<string>());
            if (garbage.Body.Length > 16 * 1024)
            {
                // The in-memory server does not limit the single call's body; over real sockets it is a 413, as the item is.
                Assert.Equal(413, results[1].Problem()["status"]!.GetValue<int>());
            }
            else
            {
                using var single = await _client.PostAsync("/v1/assessments", Bodies.Of(garbage.Body, "application/json", chunked: false));
                await Batches.AssertAnsweredAsTheSingleCallAsync(results[1], 1, batch, single);
            }

            var outcome = results[1]["outcome"]!.GetValue<string>() == "graded" ? "200" : results[1]["problem"]!["status"]!.ToJsonString();
            outcomes.AddOrUpdate($"item {outcome}", 1, (_, n) => n + 1);
        }, iter: BrokenItems, print: g => g.ToString());

        AssessmentFuzzTests.Report(output, "broken items in a batch", outcomes);
        Assert.Equal(BrokenItems, outcomes.Values.Sum());
    }

    /// <summary>Broken bodies as the whole batch, bare or inside brackets, with every content type: a 200 or a 4xx problem, never a 5xx.</summary>
    [Fact]
    public async Task No_broken_batch_body_gets_a_5xx()
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        await Gen.Select(GarbageBodies.Any, Gen.Bool).SampleAsync(async (garbage, bracketed) =>
        {
            var body = bracketed ? [(byte)'[', .. garbage.Body, (byte)']'] : garbage.Body;
            using var response = await _client.PostAsync(Batches.Path, Bodies.Of(body, garbage.ContentType, chunked: false));
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status is 200 or (>= 400 and < 500), $"{status} for {(bracketed ? "[...] " : "")}{garbage}: {text}");
            if (status == 200)
            {
                // No item is a 5xx either: a broken item is a 400 or a 413.
                Assert.All(JsonNode.Parse(text)!.AsObject().Results(), r => Assert.True(
                    r["outcome"]!.GetValue<string>() == "graded" || r["problem"]!["status"]!.GetValue<int>() is 400 or 413, r.ToJsonString()));
            }
            else
            {
                Assert.Equal(ProblemResponse.MediaType, response.Content.Headers.ContentType?.MediaType);
            }

            outcomes.AddOrUpdate($"{(bracketed ? "bracketed" : "bare")} -> {status}", 1, (_, n) => n + 1);
        }, iter: BrokenBodies, print: t => $"{(t.Item2 ? "[...] " : "")}{t.Item1}");

        AssessmentFuzzTests.Report(output, "broken batch bodies", outcomes);
        Assert.Equal(BrokenBodies, outcomes.Values.Sum());
    }

    private static bool IsArrayOfThree(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() == 3;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
