using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Pain that is chronic, "persisting for more than a few weeks", needs a specialist.</summary>
[Name("RF-CHRONIC"), Tag(RuleTags.RedFlag)]
[Description("Pain that has lasted more than chronicPainDays days.")]
public sealed class ChronicPain(Criterion criterion, Thresholds thresholds) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.YesIf(p.DurationDays > thresholds.ChronicPainDays)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.YesIf(pain.DurationDays > thresholds.ChronicPainDays))));
    }
}
