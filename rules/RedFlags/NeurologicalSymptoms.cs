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
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => redFlags, r => criterion.Fires(Answers.Strongest(r.RadiatingNumbnessTinglingOrWeakness)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(redFlags.RadiatingNumbnessTinglingOrWeakness))));
    }
}
