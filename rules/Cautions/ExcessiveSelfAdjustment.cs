using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Cautions;

/// <summary>Excessive or forceful self-manipulation can stretch the ligaments around the facet joints.</summary>
[Name("CA-EXCESSIVE-SELF-ADJUSTMENT"), Tag(RuleTags.Caution)]
[Description("Using force to make the back pop, or popping it more than excessiveAdjustmentsPerDay times a day.")]
public sealed class ExcessiveSelfAdjustment(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        SelfAdjustmentAnswers selfAdjustment = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => selfAdjustment, s => criterion.Fires(Answers.Strongest(
                s.UsesForce, Answers.YesIf(s.TimesPerDay > thresholds.ExcessiveAdjustmentsPerDay))));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(
                selfAdjustment.UsesForce, Answers.YesIf(selfAdjustment.TimesPerDay > thresholds.ExcessiveAdjustmentsPerDay)))));
    }
}
