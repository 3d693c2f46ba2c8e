using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Cautions;

/// <summary>A joint that popped less than about 20 minutes ago cannot pop again until its gases redissolve.</summary>
[Name("CA-RECENT-CAVITATION"), Tag(RuleTags.Caution)]
[Description("The back was last popped less than cavitationMinutes minutes ago; the advice says how many minutes are left to wait.")]
public sealed class RecentCavitation(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        SelfAdjustmentAnswers selfAdjustment = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => selfAdjustment, s => criterion.Fires(Answers.YesIf(s.MinutesSinceLast < thresholds.CavitationMinutes)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(
                Answers.YesIf(selfAdjustment.MinutesSinceLast < thresholds.CavitationMinutes), thresholds.CavitationMinutes - selfAdjustment.MinutesSinceLast!.Value)));
    }
}
