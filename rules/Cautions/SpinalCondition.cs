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
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.OtherSpinalCondition)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(conditions.OtherSpinalCondition))));
    }
}
