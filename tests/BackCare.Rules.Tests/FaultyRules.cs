using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Tests;

/// <summary>Rule classes that stand in for a shipped one to show what a faulty rule does to the rule set.</summary>
public static class FaultyRules
{
    /// <summary>The shipped rule classes, with the one of the same [Name] as <typeparamref name="T"/> replaced by it.</summary>
    public static IReadOnlyList<Type> With<T>() where T : Rule =>
        [.. RuleSetLoader.RuleTypes.Where(t => RuleSetLoader.RuleName(t) != RuleSetLoader.RuleName(typeof(T))), typeof(T)];
}

/// <summary>RF-CHRONIC, but its condition divides by zero for a duration of exactly 7 days, which the load-time probes do not use.</summary>
[Name("RF-CHRONIC"), Tag(RuleTags.RedFlag)]
public sealed class ChronicPainThatThrowsAtSevenDays(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.YesIf(100 / (p.DurationDays - 7) > -1000 && p.DurationDays > thresholds.ChronicPainDays)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answer.Yes)));
    }
}

/// <summary>CA-DISC, but its action throws when another spinal condition is answered unsure, which the load-time probes do not combine.</summary>
[Name("CA-DISC"), Tag(RuleTags.Caution)]
public sealed class DiscProblemWhoseActionThrows(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.DiscProblem)));

        Then()
            .Do(_ => findings.Add(Report(criterion, conditions)));
    }

    private static Finding Report(Criterion criterion, ConditionAnswers conditions) =>
        conditions is { DiscProblem: Answer.Yes, OtherSpinalCondition: Answer.Unsure }
            ? throw new InvalidOperationException($"{criterion.Id} cannot report.")
            : criterion.Finding(Answers.Strongest(conditions.DiscProblem));
}

/// <summary>RF-NEUROLOGICAL, but it can never fire: it would look exactly like "nothing fired".</summary>
[Name("RF-NEUROLOGICAL"), Tag(RuleTags.RedFlag)]
public sealed class NeurologicalSymptomsThatNeverFire(Criterion criterion) : Rule
{
    public override void Define()
    {
        RedFlagAnswers redFlags = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => redFlags, r => r.RadiatingNumbnessTinglingOrWeakness == Answer.Yes && r.RadiatingNumbnessTinglingOrWeakness == Answer.No);

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answer.Yes)));
    }
}

/// <summary>CA-SPINAL-CONDITION, but it fires for everyone.</summary>
[Name("CA-SPINAL-CONDITION"), Tag(RuleTags.Caution)]
public sealed class SpinalConditionForEveryone(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions);

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answer.Yes)));
    }
}

/// <summary>RF-CHRONIC, but its condition divides by zero for no pain days at all, as on the load-time probes.</summary>
[Name("RF-CHRONIC"), Tag(RuleTags.RedFlag)]
public sealed class ChronicPainThatThrowsAtProbe(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.YesIf(100 / p.DurationDays > -1000 && p.DurationDays > thresholds.ChronicPainDays)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answer.Yes)));
    }
}
