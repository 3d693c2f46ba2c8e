using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using BackCare.Api.Tests.Hosting;
using BackCare.Rules.Tests;
using CsCheck;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.Api.Tests.Assessments;

/// <summary>
/// POST /v1/assessments/batch: each item answered in order as the single call answers it, an invalid item with a problem of its own
/// while the others are graded, the stamp and the disclaimer once, and a body that is not a batch refused whole with a 400 problem.
/// </summary>
[Collection("api")]
public sealed class BatchAssessmentTests(ApiFactory factory)
{
    private const string BadRequestType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private const string ValidationTitle = "One or more validation errors occurred.";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Each_item_is_answered_in_order_at_its_index_as_the_single_call_answers_it()
    {
        var items = new[]
        {
            Answers.NothingWrong().With("redFlags.saddleAnesthesia", "yes"),
            Answers.NothingWrong(),
            Answers.NothingWrong().With("conditions.discProblem", "yes").With("pain.region", "lumbar"),
            Answers.NothingWrong().With("pain.durationDays", 30),
            Answers.NothingWrong().With("selfAdjustment.minutesSinceLast", 12),
        };

        var batch = await _client.GradeBatchAsync(items);

        var results = batch.Results();
        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r["index"]!.GetValue<int>()));
        Assert.Equal(["emergency", "self_care", "caution", "consult", "caution"], results.Select(r => r["assessment"]!["grade"]!.GetValue<string>()));
        for (var i = 0; i < items.Length; i++)
        {
            await Batches.AssertAnsweredAsTheSingleCallAsync(results[i], i, batch, await _client.PostAssessmentAsync(items[i]));
        }

        Assert.Equal((5, 0), (batch["graded"]!.GetValue<int>(), batch["notGraded"]!.GetValue<int>()));
        // Every answer is a fresh one.
        Assert.Equal(5, results.Select(r => r["assessment"]!["assessmentId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task An_invalid_item_among_valid_ones_gets_its_own_problem_naming_its_index_and_paths_and_the_others_are_graded()
    {
        var invalid = Answers.NothingWrong().Without("redFlags.saddleAnesthesia").With("pain.durationDays", -1);
        var items = new[] { Answers.NothingWrong().With("conditions.discProblem", "yes"), invalid, Answers.NothingWrong().With("redFlags.feverOrChills", "yes") };

        var batch = await _client.GradeBatchAsync(items);

        var results = batch.Results();
        Assert.Equal(["graded", "not_graded", "graded"], results.Select(r => r["outcome"]!.GetValue<string>()));
        var problem = results[1].Problem().DeepClone().AsObject();
        problem.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["type"] = BadRequestType,
            ["title"] = ValidationTitle,
            ["status"] = 400,
            ["detail"] = "Item 1: 2 field(s) are missing or out of range: redFlags.saddleAnesthesia, pain.durationDays.",
            ["errors"] = new JsonObject
            {
                ["redFlags.saddleAnesthesia"] = new JsonArray("Required: answer yes, no or unsure."),
                ["pain.durationDays"] = new JsonArray("Must be a whole number from 0 to 36500."),
            },
        }, problem), problem.ToJsonString());
        Assert.Equal(1, results[1]["index"]!.GetValue<int>());
        for (var i = 0; i < items.Length; i++)
        {
            await Batches.AssertAnsweredAsTheSingleCallAsync(results[i], i, batch, await _client.PostAssessmentAsync(items[i]));
        }

        Assert.Equal((2, 1), (batch["graded"]!.GetValue<int>(), batch["notGraded"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("{\"redFlags\":{\"saddleAnaesthesia\":\"no\"}}", "redFlags.saddleAnaesthesia", "an unknown property")]
    [InlineData("{\"pain\":{\"durationDays\":\"4\"}}", "pain.durationDays", "a wrong type")]
    [InlineData("{\"pain\":{\"durationDays\":4,\"durationDays\":40}}", "pain.durationDays", "a repeated property")]
    [InlineData("{\"pain\":null}", "pain", "a null")]
    [InlineData("{\"redFlags\":{\"feverOrChills\":\"maybe\"}}", "redFlags.feverOrChills", "an unknown value")]
    [InlineData("[]", "body", "not an object")]
    [InlineData("\"yes\"", "body", "not an object")]
    [InlineData("null", "body", "null")]
    public async Task An_item_is_read_as_strictly_as_the_single_call_reads_its_body(string item, string path, string what)
    {
        var valid = Answers.NothingWrong().ToJsonString();

        var batch = await (await _client.PostBatchRawAsync($"[{valid},{item},{valid}]")).ReadBatchAsync();

        var results = batch.Results();
        Assert.True(results[1].Problem()["errors"]![path] is JsonArray, $"{what}: {results[1].ToJsonString()}");
        await Batches.AssertAnsweredAsTheSingleCallAsync(results[1], 1, batch, await _client.PostRawAsync(item));
        Assert.Equal(["graded", "not_graded", "graded"], results.Select(r => r["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_stamp_and_the_disclaimer_are_given_once_for_the_whole_answer_not_per_item()
    {
        var response = await _client.PostBatchAsync([Answers.NothingWrong(), Answers.NothingWrong().With("conditions.discProblem", "yes"), new JsonObject()]);
        var text = await response.Content.ReadAsStringAsync();
        var batch = await response.ReadBatchAsync();
        var single = await _client.AssessAsync(Answers.NothingWrong());

        Assert.Equal(1, Occurrences(text, "\"ruleset\":"));
        Assert.Equal(1, Occurrences(text, "\"disclaimer\":"));
        Assert.Equal(1, Occurrences(text, single["disclaimer"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(single["ruleset"], batch["ruleset"]));
        Assert.Equal(["ruleset", "disclaimer", "graded", "notGraded", "results"], batch.Select(p => p.Key));
        Assert.All(batch.Results(), r => Assert.Null(r["assessment"]?["ruleset"] ?? r["assessment"]?["disclaimer"]));
        var ready = JsonNode.Parse(await _client.GetStringAsync("/health/ready"))!;
        Assert.Contains(batch["ruleset"]!["sha256"]!.GetValue<string>(), ready.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_items_are_graded_and_a_thousand_and_one_are_a_400_naming_the_count()
    {
        var people = Respondents.Valid.Array[1001].Single().Select(p => p.ToJson()).ToArray();

        var thousand = await _client.GradeBatchAsync(people[..1000]);
        var tooMany = await _client.PostBatchAsync(people);

        Assert.Equal(1000, thousand.Results().Count);
        Assert.Equal(Enumerable.Range(0, 1000), thousand.Results().Select(r => r["index"]!.GetValue<int>()));
        Assert.Equal((1000, 0), (thousand["graded"]!.GetValue<int>(), thousand["notGraded"]!.GetValue<int>()));
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body holds 1001 assessment requests; one call takes at most 1000. Split the list into several calls.",
            "The array must hold 1 to 1000 assessment requests; it holds 1001."));
    }

    [Fact]
    public async Task An_empty_array_is_a_400()
    {
        var response = await _client.PostBatchRawAsync(" [ ] ");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body is an empty array: there is nothing to grade.", "The array must hold 1 to 1000 assessment requests; it holds none."));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("42")]
    [InlineData("\"[]\"")]
    [InlineData("null")]
    [InlineData("true")]
    public async Task A_body_that_is_not_a_json_array_is_a_400(string body)
    {
        var response = await _client.PostBatchRawAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body must be a JSON array of assessment requests.",
            "The body is not a JSON array. Send [ {…}, {…} ]: 1 to 1000 bodies of POST /v1/assessments."));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public async Task A_missing_body_is_a_400(string body)
    {
        var response = await _client.PostBatchRawAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem(
            "The request body is missing: send a JSON array of assessment requests.", "A JSON array of 1 to 1000 assessment requests is required."));
    }

    [Theory]
    [InlineData("[{\"pain\":{}}", "Malformed JSON at line 1, byte 13, in item 1.")]
    [InlineData("[{\"pain\":{}},\n{\"pain\" {}}]", "Malformed JSON at line 2, byte 9, in item 1.")]
    [InlineData("[{},]", "Malformed JSON at line 1, byte 5, in item 1.")]
    [InlineData("[{}] []", "Malformed JSON at line 1, byte 6, after the array.")]
    [InlineData("{\"a\" 1}", "Malformed JSON at line 1, byte 6.")]
    [InlineData("[{} // a comment\n]", "Malformed JSON at line 1, byte 5, in item 1.")]
    public async Task Malformed_json_is_a_400_for_the_whole_call_saying_where_since_its_items_cannot_be_told_apart(string body, string where)
    {
        var response = await _client.PostBatchRawAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, Problem("The request body is not valid JSON, so its items cannot be told apart.", where));
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_as_the_single_call_skips_it()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes($"[{Answers.NothingWrong().ToJsonString()}]")).ToArray();

        var response = await _client.PostAsync(Batches.Path, Bodies.Of(body, "application/json", chunked: false));

        Assert.Equal("self_care", (await response.ReadBatchAsync()).Results()[0]["assessment"]!["grade"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_a_415_problem(string? contentType)
    {
        var response = await _client.PostAsync(Batches.Path, Bodies.Of(Encoding.UTF8.GetBytes("[{}]"), contentType, chunked: false));

        var problem = await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(415, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_item_over_16_KiB_gets_a_413_problem_of_its_own_and_the_others_are_graded()
    {
        var padded = Answers.NothingWrong().ToJsonString().Insert(1, new string(' ', 16 * 1024));
        var valid = Answers.NothingWrong().ToJsonString();

        var batch = await (await _client.PostBatchRawAsync($"[{valid},{padded},{valid}]")).ReadBatchAsync();

        var problem = batch.Results()[1].Problem().DeepClone().AsObject();
        problem.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            ["title"] = "Content Too Large",
            ["status"] = 413,
            ["detail"] = "Item 1: The item is larger than one assessment request may be (16 KiB, as for POST /v1/assessments).",
            ["errors"] = new JsonObject(),
        }, problem), problem.ToJsonString());
        Assert.Equal(["graded", "not_graded", "graded"], batch.Results().Select(r => r["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rule_that_throws_for_an_item_is_a_500_problem_for_that_item_naming_the_rule_and_the_others_are_graded()
    {
        using var api = factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton(new RuleClasses(FaultyRules.With<ChronicPainThatThrowsAtSevenDays>()))));
        var client = api.CreateClient();
        var items = new[] { Answers.NothingWrong().With("pain.durationDays", 30), Answers.NothingWrong().With("pain.durationDays", 7), Answers.NothingWrong() };

        var batch = await client.GradeBatchAsync(items);

        var results = batch.Results();
        Assert.Equal(["consult", "self_care"], new[] { results[0], results[2] }.Select(r => r["assessment"]!["grade"]!.GetValue<string>()));
        var problem = results[1].Problem().DeepClone().AsObject();
        problem.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            ["title"] = "Internal Server Error",
            ["status"] = 500,
            ["detail"] = "Item 1: Rule RF-CHRONIC could not be evaluated, so no grade was produced. Do not treat this as 'safe'.",
            ["errors"] = new JsonObject(),
        }, problem), problem.ToJsonString());
        for (var i = 0; i < items.Length; i++)
        {
            await Batches.AssertAnsweredAsTheSingleCallAsync(results[i], i, batch, await client.PostAssessmentAsync(items[i]));
        }
    }

    [Fact]
    public async Task Without_a_valid_rule_set_the_whole_call_is_a_503()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["grade"] = "severe");
        using var api = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path));

        var response = await api.CreateClient().PostBatchAsync([Answers.NothingWrong()]);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            ["title"] = "Service Unavailable",
            ["status"] = 503,
            ["detail"] = "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later.",
        });
    }

    [Fact]
    public async Task Answers_are_never_cached()
    {
        var graded = await _client.PostBatchAsync([Answers.NothingWrong()]);
        var refused = await _client.PostBatchRawAsync("[]");

        Assert.Equal("no-store", graded.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", refused.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_request_log_has_one_line_with_the_route_status_and_time_and_no_log_entry_has_the_answers()
    {
        var logs = new CapturedLogs();
        var client = logs.Attach(factory).CreateClient();
        const int days = 17711;
        const string wrong = "batch-marker-0c4e1d";

        var response = await client.PostBatchAsync([Answers.NothingWrong().With("pain.durationDays", days), Answers.NothingWrong().With("redFlags.saddleAnesthesia", wrong)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await logs.WaitForAsync(e => e.Category == typeof(RequestLog).FullName);
        Assert.Equal(("POST", "/v1/assessments/batch", 200), ((string)line.Values["Method"]!, (string)line.Values["Route"]!, (int)line.Values["StatusCode"]!));
        Assert.InRange(Assert.IsType<double>(line.Values["DurationMs"]), 0, double.MaxValue);
        Assert.False(line.Values.ContainsKey("Grade"));
        var everything = string.Join('\n', logs.Entries.Select(e => e.Everything));
        Assert.DoesNotContain($"{days}", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_graded_item_is_counted_by_grade_as_a_single_assessment_is()
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var counted = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == TriageMetrics.AssessmentsName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                counted.Enqueue((string)tag.Value!);
            }
        });
        listener.Start();

        await _client.GradeBatchAsync([Answers.NothingWrong().With("redFlags.saddleAnesthesia", "yes"), new JsonObject(), Answers.NothingWrong()]);

        Assert.Equal(["emergency", "self_care"], counted);
    }

    [Fact]
    public async Task With_keys_a_batch_needs_one_and_counts_as_one_request_against_the_clients_limit()
    {
        var api = factory.WithWebHostBuilder(builder => builder.UseSetting(RateLimits.ConfigurationKey, "2").UseKeys(ApiKeyTests.Alpha));
        var anonymous = api.CreateClient();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, ApiKeyTests.Alpha);
        var fifty = Enumerable.Range(0, 50).Select(_ => (JsonNode)Answers.NothingWrong()).ToArray();

        await (await anonymous.PostBatchAsync(fifty)).AssertProblemAsync(HttpStatusCode.Unauthorized, ApiKeyTests.Missing);
        Assert.Equal(50, (await client.GradeBatchAsync(fifty)).Results().Count);
        Assert.Equal(50, (await client.GradeBatchAsync(fifty)).Results().Count);
        var third = await client.PostBatchAsync(fifty);

        var problem = await third.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.StartsWith("This client has sent more than 2 requests in a minute.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(third.Headers.RetryAfter);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static JsonObject Problem(string detail, string message) => new()
    {
        ["type"] = BadRequestType,
        ["title"] = ValidationTitle,
        ["status"] = 400,
        ["detail"] = detail,
        ["errors"] = new JsonObject { ["body"] = new JsonArray(message) },
    };
}
