using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Contraindications;

/// <summary>Inflammatory arthritis can weaken spinal ligaments and joints: an absolute contraindication to spinal manipulation.</summary>
[Name("CI-INFLAMMATORY-ARTHRITIS"), Tag(RuleTags.Contraindication)]
[Description("An inflammatory arthritis, such as rheumatoid arthritis.")]
public sealed class InflammatoryArthritis(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.InflammatoryArthritis)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(conditions.InflammatoryArthritis))));
    }
}
