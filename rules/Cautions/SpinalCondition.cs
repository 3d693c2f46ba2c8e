using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Cautions;

/// <summary>A pre-existing spinal condition calls for extreme caution.</summary>
[Name("CA-SPINAL-CONDITION"), Tag(RuleTags.Caution)]
[Description("Another pre-existing spinal condition.")]
public sealed class SpinalCondition(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Certainty? certainty = null;

        When()
            .Match(() => conditions)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.Strongest(conditions.OtherSpinalCondition)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}
