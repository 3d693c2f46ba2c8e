using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.RedFlags;

/// <summary>Pain that rest and pain relief do not settle is beyond simple muscular tension.</summary>
[Name("RF-NO-RELIEF"), Tag(RuleTags.RedFlag)]
[Description("Pain that persists despite rest or over-the-counter pain relief.")]
public sealed class PainWithoutRelief(Criterion criterion) : Rule
{
    public override void Define()
    {
        PainAnswers pain = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => pain, p => criterion.Fires(Answers.Strongest(p.PersistsDespiteRestOrOtc)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(pain.PersistsDespiteRestOrOtc))));
    }
}
