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
        Certainty? certainty = null;

        When()
            .Match(() => pain)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.Strongest(pain.SharpPainDuringMovement)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}
