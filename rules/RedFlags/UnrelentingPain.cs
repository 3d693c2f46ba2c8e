using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Unrelenting pain needs a specialist.</summary>
[Name("RF-UNRELENTING"), Tag(RuleTags.RedFlag)]
[Description("Pain that is unrelenting.")]
public sealed class UnrelentingPain(Criterion criterion) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.Strongest(p.Unrelenting)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(pain.Unrelenting))));
    }
}
