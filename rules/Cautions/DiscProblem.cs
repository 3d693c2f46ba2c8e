using BackCare.Domain;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Cautions;

/// <summary>Rotation and compression can worsen a herniated or bulging disc.</summary>
[Name("CA-DISC"), Tag(RuleTags.Caution)]
[Description("A known disc problem, such as a herniated or bulging disc.")]
public sealed class DiscProblem(Criterion criterion) : Rule
{
    public override void Define()
    {
        ConditionAnswers conditions = null!;
        Findings findings = null!;

        Dependency().Resolve(() => findings);

        When()
            .Match(() => conditions, c => criterion.Fires(Answers.Strongest(c.DiscProblem)));

        Then()
            .Do(_ => findings.Add(criterion.Finding(Answers.Strongest(conditions.DiscProblem))));
    }
}
