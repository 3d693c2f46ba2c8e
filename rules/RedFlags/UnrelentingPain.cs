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
        Certainty? certainty = null;

        When()
            .Match(() => pain)
            .Let(() => certainty, () => criterion.CertaintyOf(Answers.Strongest(pain.Unrelenting)))
            .Having(() => certainty != null);

        Then()
            .Yield(_ => criterion.Finding(certainty!.Value));
    }
}
