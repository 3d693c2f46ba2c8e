using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Loss of bladder or bowel control or saddle anaesthesia can mean cauda equina syndrome.</summary>
[Name("RF-CAUDA-EQUINA"), Tag(RuleTags.RedFlag)]
[Description("Loss of bladder or bowel control, or saddle anaesthesia (numbness around the groin and inner thighs).")]
public sealed class CaudaEquina(Criterion criterion) : Rule
{
    public override void Define()
    {
        RedFlagAnswers redFlags = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => redFlags, r => criterion.Fires(Answers.Strongest(r.BladderOrBowelControlLoss, r.SaddleAnesthesia)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(redFlags.BladderOrBowelControlLoss, redFlags.SaddleAnesthesia))));
    }
}
