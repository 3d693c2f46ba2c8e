using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Radiating numbness, tingling or weakness suggests a compressed or irritated nerve root.</summary>
[Name("RF-NEUROLOGICAL"), Tag(RuleTags.RedFlag)]
[Description("Numbness, tingling or weakness that radiates down an arm or a leg.")]
public sealed class NeurologicalSymptoms(Criterion criterion) : Rule
{
    public override void Define()
    {
        RedFlagAnswers redFlags = null!;
        Certainty? certainty = null;

        When()
            .Match(() => redFlags)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.Strongest(redFlags.RadiatingNumbnessTinglingOrWeakness)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}
