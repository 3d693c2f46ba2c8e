using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Cautions;

/// <summary>Rotation and compression can worsen a herniated or bulging disc.</summary>
[Name("CA-DISC"), Tag(RuleTags.Caution)]
[Description("A known disc problem, such as a herniated or bulging disc.")]
public sealed class DiscProblem(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Certainty? certainty = null;

        When()
            .Match(() => conditions)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.Strongest(conditions.DiscProblem)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}
