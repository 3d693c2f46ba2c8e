using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Hosting;
using BackCare.Api.Tests.Assessments;
using Microsoft.Extensions.Logging;

namespace BackCare.Api.Tests.Hosting;

/// <summary>One structured line per request, and never a person's answers, at any log level in any category.</summary>
[Collection("api")]
public sealed class RequestLogTests(ApiFactory factory)
{
    private static readonly string RequestLogCategory = typeof(RequestLog).FullName!;

    // Answers no log line, trace id or timing could contain by chance.
    private const int DurationDays = 28657;
    private const int MinutesSinceLast = 514229;
    private const string WrongAnswer = "answer-marker-5f3c9e";

    [Fact]
    public async Task An_assessment_is_logged_as_one_line_with_method_route_status_duration_and_grade()
    {
        var logs = new CapturedLogs();
        var client = logs.Attach(factory).CreateClient();

        var response = await client.PostAssessmentAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = await logs.WaitForAsync(e => e.Category == RequestLogCategory);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("POST", line.Values["Method"]);
        Assert.Equal("/v1/assessments", line.Values["Route"]);
        Assert.Equal(200, line.Values["StatusCode"]);
        Assert.Equal("caution", line.Values["Grade"]);
        Assert.InRange(Assert.IsType<double>(line.Values["DurationMs"]), 0, double.MaxValue);
        Assert.StartsWith("POST /v1/assessments 200 in ", line.Message, StringComparison.Ordinal);
        Assert.Single(logs.Entries, e => e.Category == RequestLogCategory);
    }

    [Fact]
    public async Task Other_requests_are_logged_by_route_pattern_without_the_values_in_the_path_or_query()
    {
        var logs = new CapturedLogs();
        var client = logs.Attach(factory).CreateClient();

        await client.GetAsync("/v1/exercises/path-marker-8d1e?query-marker-2b7a=1");
        await client.GetAsync("/v1/exercises?region=lumbar");

        await logs.WaitForAsync(e => e.Category == RequestLogCategory && e.Values["StatusCode"] is 200);
        var lines = logs.Entries.Where(e => e.Category == RequestLogCategory).ToArray();
        Assert.Equal(["GET /v1/exercises/{id} 404", "GET /v1/exercises 200"], lines.Select(l => $"{l.Values["Method"]} {l.Values["Route"]} {l.Values["StatusCode"]}"));
        Assert.All(lines, l => Assert.False(l.Values.ContainsKey("Grade")));
        Assert.All(lines, l => Assert.DoesNotContain("marker", l.Everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_log_entry_at_any_level_contains_the_answers_of_a_graded_or_a_rejected_assessment()
    {
        var logs = new CapturedLogs();
        var client = logs.Attach(factory).CreateClient();
        var graded = Answers.NothingWrong()
            .With("pain.durationDays", DurationDays)
            .With("pain.region", "thoracic")
            .With("selfAdjustment.minutesSinceLast", MinutesSinceLast)
            .With("redFlags.feverOrChills", "unsure");
        var rejected = graded.DeepClone().AsObject().With("redFlags.saddleAnesthesia", WrongAnswer);

        var ok = await client.PostAssessmentAsync(graded);
        var bad = await client.PostAssessmentAsync(rejected);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        await logs.WaitForAsync(e => e.Category == RequestLogCategory && e.Values["StatusCode"] is 400);
        var everything = string.Join('\n', logs.Entries.Select(e => e.Everything));
        // The net is wide: the framework's own debug and trace entries about these requests are in it.
        Assert.Contains(logs.Entries, e => e.Level <= LogLevel.Debug && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("/v1/assessments", everything, StringComparison.Ordinal);
        foreach (var secret in new[] { $"{DurationDays}", $"{MinutesSinceLast}", WrongAnswer, "feverOrChills", "\"unsure\"", graded.ToJsonString(), rejected.ToJsonString() })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
