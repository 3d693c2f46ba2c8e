using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackCare.Domain;

namespace BackCare.Api.Assessments;

/// <summary>The triage meter: how many assessments were graded, by grade, and how long grading took. Never the answers.</summary>
public sealed class TriageMetrics
{
    public const string MeterName = "BackCare.Triage";
    public const string AssessmentsName = "backcare.assessments";
    public const string DurationName = "backcare.assessment.duration";

    private readonly Counter<long> _assessments;
    private readonly Histogram<double> _duration;

    public TriageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _assessments = meter.CreateCounter<long>(AssessmentsName, "{assessment}", "Assessments answered, by grade.");
        // Grading takes well under a millisecond; the default buckets (5 ms and up) would put every measurement in the first one.
        _duration = meter.CreateHistogram(DurationName, "s", "Time to evaluate the rule set and build the answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5] });
    }

    public void Record(Grade grade, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("grade", SnakeCaseEnum<Grade>.NameOf(grade));
        _assessments.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
    }
}
