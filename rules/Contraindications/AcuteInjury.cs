using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Contraindications;

/// <summary>Self-adjusting a recent or acute injury could make the damage worse.</summary>
[Name("CI-ACUTE-INJURY"), Tag(RuleTags.Contraindication)]
[Description("A recent or acute injury, such as a muscle strain or ligament sprain.")]
public sealed class AcuteInjury(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.RecentAcuteInjury)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(conditions.RecentAcuteInjury))));
    }
}
