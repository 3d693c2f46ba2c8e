using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Api.Assessments;

/// <summary>The rule set's graded recommendation, as the API answers it: with the grade's guidance, links, the rule-set stamp and the disclaimer.</summary>
public static class Triage
{
    public static AssessmentResponse Assess(RuleSet ruleSet, AssessmentRequest answers) =>
        Respond(ruleSet, ruleSet.Assess(answers));

    public static AssessmentResponse Respond(RuleSet ruleSet, Recommendation recommendation)
    {
        var guidance = ruleSet.Guidance;
        var forGrade = guidance.Grades[recommendation.Grade];
        var findings = recommendation.Findings;
        var reported = new AssessmentFinding[findings.Count];
        for (var i = 0; i < reported.Length; i++)
        {
            var f = findings[i];
            reported[i] = new AssessmentFinding(f.Rule.Id, f.Rule.Kind, f.Grade, f.Certainty, f.Rule.Title, f.Advice, f.Rule.Source);
        }

        return new AssessmentResponse(
            Guid.NewGuid(),
            recommendation.Grade,
            forGrade.Headline,
            recommendation.SelfAdjustmentAdvised,
            reported,
            recommendation.Exercises.Select(e => new ExerciseLink(e.Id, e.Name, e.Region, e.Movement, $"/v1/exercises/{e.Id}")).ToArray(),
            recommendation.Exclusions.Select(x => new ExcludedExercise(x.Exercise.Id, x.Rule.Id, x.Rule.ExclusionReason!)).ToArray(),
            [.. forGrade.Advice, .. guidance.Always, guidance.ReturnIf],
            new RulesetStamp(ruleSet.Version, ruleSet.Sha256),
            guidance.Disclaimer);
    }
}
