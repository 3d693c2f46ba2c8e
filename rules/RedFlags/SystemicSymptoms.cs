using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Systemic symptoms with back pain need prompt medical attention.</summary>
[Name("RF-SYSTEMIC"), Tag(RuleTags.RedFlag)]
[Description("Fever or chills, or unexplained weight loss, with back pain.")]
public sealed class SystemicSymptoms(Criterion criterion) : Rule
{
    public override void Define()
    {
        RedFlagAnswers redFlags = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => redFlags, r => criterion.Fires(Answers.Strongest(r.FeverOrChills, r.UnexplainedWeightLoss)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(redFlags.FeverOrChills, redFlags.UnexplainedWeightLoss))));
    }
}
