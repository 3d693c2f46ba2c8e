using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Contraindications;

/// <summary>A movement that causes sharp, sudden or shooting pain must be stopped at once.</summary>
[Name("CI-SHARP-PAIN"), Tag(RuleTags.Contraindication)]
[Description("A movement that causes sharp, sudden or shooting pain.")]
public sealed class SharpPain(Criterion criterion) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.Strongest(p.SharpPainDuringMovement)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(pain.SharpPainDuringMovement))));
    }
}
