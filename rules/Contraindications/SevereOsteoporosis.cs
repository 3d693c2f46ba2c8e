using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Contraindications;

/// <summary>Severe osteoporosis is an absolute contraindication to spinal manipulation: it increases the risk of fracture.</summary>
[Name("CI-OSTEOPOROSIS"), Tag(RuleTags.Contraindication)]
[Description("Severe osteoporosis.")]
public sealed class SevereOsteoporosis(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.SevereOsteoporosis)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(conditions.SevereOsteoporosis))));
    }
}
