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
        Certainty? certainty = null;

        When()
            .Match(() => selfAdjustment)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.YesIf(selfAdjustment.MinutesSinceLast < thresholds.CavitationMinutes)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value, thresholds.CavitationMinutes - selfAdjustment.MinutesSinceLast!.Value));
    }
}
