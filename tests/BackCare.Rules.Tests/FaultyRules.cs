using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Tests;

/// <summary>Rule classes that stand in for a shipped one to show what a faulty rule does to the rule set.</summary>
public static class FaultyRules
{
    /// <summary>The shipped rule classes, with the one of the same [Name] as <typeparamref name="T"/> replaced by it.</summary>
    public static IReadOnlyList<Type> With<T>() where T : Rule
    {
        var name = typeof(T).GetCustomAttributesData().Single(a => a.AttributeType == typeof(NameAttribute)).ConstructorArguments[0].Value;
        return [.. RuleSetLoader.RuleTypes.Where(t => !t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(NameAttribute) && Equals(a.ConstructorArguments[0].Value, name))), typeof(T)];
    }
}

/// <summary>RF-CHRONIC, but its condition divides by zero for a duration of exactly 7 days, which the load-time probes do not use.</summary>
[Name("RF-CHRONIC"), Tag(RuleTags.RedFlag)]
public sealed class ChronicPainThatThrowsAtSevenDays(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Certainty? certainty = null;

        When()
            .Match(() => pain)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.YesIf(100 / (pain.DurationDays - 7) > -1000 && pain.DurationDays > thresholds.ChronicPainDays)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}

/// <summary>CA-DISC, but its action throws for a disc problem answered yes.</summary>
[Name("CA-DISC"), Tag(RuleTags.Caution)]
public sealed class DiscProblemWhoseActionThrows(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;

        When()
            .Match(() => conditions, c => c.DiscProblem == Answer.Yes);

        Then()
            .Do(_ => Fail(criterion));
    }

    private static void Fail(Criterion criterion) => throw new InvalidOperationException($"{criterion.Id} cannot report.");
}

/// <summary>RF-NEUROLOGICAL, but it can never fire: it would look exactly like "nothing fired".</summary>
[Name("RF-NEUROLOGICAL"), Tag(RuleTags.RedFlag)]
public sealed class NeurologicalSymptomsThatNeverFire(Criterion criterion) : Rule
{
    public override void Define()
    {
        RedFlagAnswers redFlags = null!;

        When()
            .Match(() => redFlags, r => r.RadiatingNumbnessTinglingOrWeakness == Answer.Yes && r.RadiatingNumbnessTinglingOrWeakness == Answer.No);

        Then()
            .Yield(_ => criterion.Finding(Certainty.Reported));
    }
}

/// <summary>CA-SPINAL-CONDITION, but it fires for everyone.</summary>
[Name("CA-SPINAL-CONDITION"), Tag(RuleTags.Caution)]
public sealed class SpinalConditionForEveryone(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;

        When()
            .Match(() => conditions);

        Then()
            .Yield(_ => criterion.Finding(Certainty.Reported));
    }
}
