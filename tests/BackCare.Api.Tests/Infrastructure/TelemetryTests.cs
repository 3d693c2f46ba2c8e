using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BackCare.Api.Infrastructure;
using BackCare.Api.Tests.Assessments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace BackCare.Api.Tests.Infrastructure;

/// <summary>The triage meter counts assessments by grade and times them; exporters exist only when configured.</summary>
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

    [Theory]
    [InlineData(null, null, null, false, false)]
    [InlineData(null, "http://collector:4317", null, true, false)]
    [InlineData("otlp", null, null, true, false)]
    [InlineData("console", null, null, false, true)]
    [InlineData("console,otlp", null, null, true, true)]
    [InlineData("console", "http://collector:4317", null, false, true)]
    [InlineData("none", "http://collector:4317", "true", false, false)]
    [InlineData(null, null, "true", false, true)]
    public void Exporters_follow_the_standard_otel_variables_and_the_console_switch(
        string? exporter, string? endpoint, string? console, bool otlp, bool toConsole)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_METRICS_EXPORTER"] = exporter,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["Telemetry:Console"] = console,
        }).Build();

        Assert.Equal((otlp, toConsole), Telemetry.Exporters(configuration));
    }

    [Fact]
    public void Without_an_exporter_the_metrics_sdk_is_not_running_and_with_one_it_is()
    {
        using var exporting = factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:Console", "true"));

        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
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
