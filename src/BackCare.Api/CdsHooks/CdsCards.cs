using System.Text;
using BackCare.Domain;

namespace BackCare.Api.CdsHooks;

/// <summary>The card a clinician sees: the grade, what fired and why (the article's own sentences), and what to do next.</summary>
public static class CdsCards
{
    public const int MaxSummary = 140;

    public static CdsCard Assessment(CdsAssessment assessment, string version, string questionnaireUrl, IReadOnlyList<string>? manipulationOrders = null)
    {
        var answer = assessment.Answer;
        var grade = SnakeCaseEnum<Grade>.NameOf(assessment.Grade);
        var top = answer.Findings.Count > 0 ? answer.Findings[0].Title : null;
        var contraindicated = manipulationOrders is { Count: > 0 } && assessment.Grade >= Grade.AvoidSelfAdjustment;
        var summary = contraindicated
            ? $"BackCare: spinal manipulation not advised ({grade}){(top is null ? "" : $": {top}")}"
            : assessment.Screened
                ? $"BackCare screening: {grade}{(top is null ? "" : $" ({top})")}"
                : $"BackCare: red flags not screened; the record shows {(top ?? "a finding").ToLowerInvariant()}";

        return new CdsCard(
            Shorten(summary),
            Indicator(assessment.Grade),
            new CdsSource($"BackCare rule set {version}"),
            Detail(assessment, questionnaireUrl),
            contraindicated ? [Remove(manipulationOrders!)] : null,
            contraindicated ? "at-most-one" : null,
            contraindicated ? OverrideReasons : null,
            new CardExtension(new BackCareExtension(grade, answer.Findings.Count > 0 ? [.. answer.Findings.Select(f => f.RuleId)] : null, assessment.Screened)));
    }

    /// <summary>critical for emergency and urgent, warning for consult and avoid_self_adjustment, info for caution and self_care.</summary>
    public static string Indicator(Grade grade) => grade switch
    {
        Grade.Emergency or Grade.Urgent => "critical",
        Grade.Consult or Grade.AvoidSelfAdjustment => "warning",
        _ => "info",
    };

    private static string Detail(CdsAssessment assessment, string questionnaireUrl)
    {
        var detail = new StringBuilder();
        if (!assessment.Screened)
        {
            detail.Append("**Red flags have not been screened.** Ask the patient to complete the BackCare screening questionnaire (")
                .Append(questionnaireUrl).Append(") before any self-adjustment is advised.\n\n");
        }

        foreach (var (path, recorded) in assessment.Record.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            detail.Append("- On record: `").Append(path).Append("` is ").Append(SnakeCaseEnum<Answer>.NameOf(recorded.Answer))
                .Append(" (").Append(string.Join(", ", recorded.Lists)).Append(")\n");
        }

        if (assessment.Record.Count > 0)
        {
            detail.Append('\n');
        }

        foreach (var finding in assessment.Answer.Findings)
        {
            detail.Append("**").Append(finding.Title).Append("** (").Append(finding.RuleId).Append(", ")
                .Append(SnakeCaseEnum<Grade>.NameOf(finding.Grade)).Append("): ").Append(finding.Advice).Append("\n\n> ")
                .Append(finding.Source.Quote).Append(" (").Append(finding.Source.Section).Append(")\n\n");
        }

        if (assessment.Screened && assessment.Answer.SelfAdjustmentAdvised)
        {
            detail.Append("Gentle self-mobilisation is reasonable: ").Append(string.Join(", ", assessment.Answer.Exercises.Select(e => e.Name))).Append(".\n\n");
        }

        return detail.Append(assessment.Answer.Disclaimer).ToString();
    }

    private static CdsSuggestion Remove(IReadOnlyList<string> orders) => new(
        "Remove the spinal manipulation order",
        true,
        [.. orders.Select(order => new CdsAction("delete", "Spinal manipulation is contraindicated or needs assessment first.", [order]))]);

    private static readonly IReadOnlyList<CdsCoding> OverrideReasons =
    [
        new("assessed-in-person", "https://backcare.example.org/fhir/CodeSystem/override-reason", "Assessed in person: manipulation is appropriate"),
        new("patient-informed-consent", "https://backcare.example.org/fhir/CodeSystem/override-reason", "Risks discussed; the patient consents"),
        new("not-spinal-manipulation", "https://backcare.example.org/fhir/CodeSystem/override-reason", "The order is not a spinal manipulation"),
    ];

    private static string Shorten(string summary) => summary.Length <= MaxSummary ? summary : summary[..(MaxSummary - 1)] + "…";
}
