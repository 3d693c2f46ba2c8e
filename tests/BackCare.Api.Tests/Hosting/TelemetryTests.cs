using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using BackCare.Api.Tests.Assessments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Api.Tests.Hosting;

/// <summary>The triage meter counts assessments by grade and times them; OTLP carries metrics, traces and logs when configured.</summary>
[Collection("api")]
public sealed class TelemetryTests(ApiFactory factory)
{
    [Fact]
    public async Task Each_assessment_is_counted_by_grade_and_its_evaluation_timed()
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Grade)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == TriageMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => measurements.Enqueue((i.Name, value, Grade(tags))));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => measurements.Enqueue((i.Name, value, Grade(tags))));
        listener.Start();
        var client = factory.CreateClient();

        await client.PostAssessmentAsync(Answers.NothingWrong().With("redFlags.saddleAnesthesia", "yes"));
        await client.PostAssessmentAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));
        await client.PostAssessmentAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));
        await client.PostAssessmentAsync(Answers.NothingWrong().With("redFlags.saddleAnesthesia", "maybe"));

        var counted = measurements.Where(m => m.Instrument == TriageMetrics.AssessmentsName).ToArray();
        Assert.Equal([("emergency", 1.0), ("caution", 1.0), ("caution", 1.0)], counted.Select(m => (m.Grade!, m.Value)));
        var timed = measurements.Where(m => m.Instrument == TriageMetrics.DurationName).ToArray();
        Assert.Equal(["emergency", "caution", "caution"], timed.Select(m => m.Grade));
        Assert.All(timed, m => Assert.InRange(m.Value, double.Epsilon, 60));
    }

    /// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, metrics (the triage meter among them), traces and logs reach an OTLP collector.</summary>
    [Fact]
    public async Task With_an_otlp_endpoint_metrics_traces_and_logs_are_exported()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var api = factory.WithWebHostBuilder(builder => builder
            .UseSetting(Telemetry.OtlpEndpointKey, collector.Url)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            // Export every fraction of a second rather than every few seconds or every minute.
            .UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "200")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200")
            .UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "200"));

        await api.CreateClient().PostAssessmentAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));

        Assert.Contains(TriageMetrics.AssessmentsName, await collector.WaitForAsync("metrics", TriageMetrics.AssessmentsName));
        Assert.Contains("/v1/assessments", await collector.WaitForAsync("traces", "/v1/assessments"));
        Assert.Contains("POST /v1/assessments 200", await collector.WaitForAsync("logs", "POST /v1/assessments 200"));
    }

    private static string? Grade(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "grade")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
