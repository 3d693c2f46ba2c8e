using System.Globalization;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>
/// What one rule says when it fires: its kind (the rule class's tag), and its grades and texts (its entry in triage.json).
/// The rule class decides when it fires; this decides what a finding of it says.
/// </summary>
public sealed record Criterion(
    string Id,
    RuleKind Kind,
    Grade Grade,
    Grade? GradeIfUnsure,
    string Title,
    string Advice,
    string AdviceIfUnsure,
    RuleSource Source,
    IReadOnlyList<Movement> ExcludesMovements,
    string? ExclusionReason)
{
    /// <summary>Where advice takes the number a rule computes, such as the minutes still to wait.</summary>
    public const string ValuePlaceholder = "{value}";

    /// <summary>
    /// Whether the rule fires on the strongest of its answers: on a yes (or a met threshold) always, on an unsure only when the rule has
    /// a gradeIfUnsure, on a no never.
    /// </summary>
    public bool Fires(Answer strongest) => CertaintyOf(strongest) is not null;

    /// <summary>The finding the rule reports on the strongest of its answers: reported on a yes, unsure on an unsure.</summary>
    public Finding Finding(Answer strongest) => CertaintyOf(strongest) switch
    {
        Certainty.Reported => new Finding(this, Grade, Certainty.Reported, Advice),
        Certainty.Unsure => new Finding(this, GradeIfUnsure!.Value, Certainty.Unsure, AdviceIfUnsure),
        // A rule's action that reads other answers than its condition: fail rather than report what did not fire.
        _ => throw new InvalidOperationException($"{Id} reported a finding on an answer it does not fire on."),
    };

    /// <summary>The finding, with the number the rule computed written into its advice.</summary>
    public Finding Finding(Answer strongest, int value)
    {
        var finding = Finding(strongest);
        return finding with { Advice = finding.Advice.Replace(ValuePlaceholder, value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) };
    }

    private Certainty? CertaintyOf(Answer strongest) => strongest switch
    {
        Answer.Yes => Certainty.Reported,
        Answer.Unsure when GradeIfUnsure is not null => Certainty.Unsure,
        _ => null,
    };
}

/// <summary>A rule that fired, with what it says.</summary>
public sealed record Finding(Criterion Rule, Grade Grade, Certainty Certainty, string Advice);

/// <summary>
/// The findings of one assessment, where a rule's action reports its finding. Each NRules session has its own, resolved as the
/// rules' dependency (NRules' <c>Dependency().Resolve</c>): collecting them costs no facts to insert, match and retract.
/// </summary>
public sealed class Findings : List<Finding>;

/// <summary>The rule-set parameters the rules compare numbers with: data in triage.json, handed to the rules that use them.</summary>
public sealed record Thresholds
{
    /// <summary>Pain lasting more than this many days is "chronic (persisting for more than a few weeks)".</summary>
    public required int ChronicPainDays { get; init; }

    /// <summary>A joint popped less than this many minutes ago has not had time for its gases to redissolve.</summary>
    public required int CavitationMinutes { get; init; }

    /// <summary>Popping the back more often than this a day is excessive (this project's default).</summary>
    public required int ExcessiveAdjustmentsPerDay { get; init; }
}

/// <summary>Where in the source article a statement comes from.</summary>
public sealed record RuleSource(
    [property: System.ComponentModel.Description("The article section heading.")] string Section,
    [property: System.ComponentModel.Description("The sentence, quoted verbatim from the article.")] string Quote);

/// <summary>The kinds of rule, as the rule classes' tags spell them.</summary>
public static class RuleTags
{
    public const string RedFlag = "red_flag";
    public const string Contraindication = "contraindication";
    public const string Caution = "caution";
}
