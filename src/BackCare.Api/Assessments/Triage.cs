using BackCare.Api.Exercises;
using BackCare.Api.Rules;

namespace BackCare.Api.Assessments;

/// <summary>Turns the findings of the rule set into the graded recommendation a person sees.</summary>
public static class Triage
{
    public static async Task<AssessmentResponse> AssessAsync(RuleSet ruleSet, ExerciseCatalogue catalogue, AssessmentRequest answers)
    {
        var findings = (await ruleSet.EvaluateAsync(answers))
            .OrderByDescending(f => f.Grade)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ToArray();
        var grade = findings.Length > 0 ? findings[0].Grade : Grade.SelfCare;
        var advised = grade.AdvisesSelfAdjustment();
        var (safe, excluded) = advised ? SafeExercises(catalogue, answers.Pain?.Region, findings) : ([], []);
        var guidance = ruleSet.Guidance;
        var forGrade = guidance.Grades[grade];

        return new AssessmentResponse(
            Guid.NewGuid(),
            grade,
            forGrade.Headline,
            advised,
            findings.Select(f => new AssessmentFinding(f.Rule.Id, f.Rule.Kind, f.Grade, f.Certainty, f.Rule.Title, f.Advice, f.Rule.Source)).ToArray(),
            safe,
            excluded,
            [.. forGrade.Advice, .. guidance.Always, guidance.ReturnIf],
            new RulesetStamp(ruleSet.Version, ruleSet.Sha256),
            guidance.Disclaimer);
    }

    /// <summary>The person's region narrows the catalogue first; then the most severe rule that excludes an exercise's movement removes it.</summary>
    private static (ExerciseLink[] Safe, ExcludedExercise[] Excluded) SafeExercises(
        ExerciseCatalogue catalogue, Region? region, IReadOnlyList<Finding> findings)
    {
        var safe = new List<ExerciseLink>();
        var excluded = new List<ExcludedExercise>();
        foreach (var exercise in catalogue.Filter(region, movement: null))
        {
            if (findings.FirstOrDefault(f => f.Rule.ExcludesMovements.Contains(exercise.Movement)) is { } exclusion)
            {
                excluded.Add(new ExcludedExercise(exercise.Id, exclusion.Rule.Id, exclusion.Rule.ExclusionReason!));
            }
            else
            {
                safe.Add(new ExerciseLink(exercise.Id, exercise.Name, exercise.Region, exercise.Movement, $"/v1/exercises/{exercise.Id}"));
            }
        }

        return (safe.ToArray(), excluded.ToArray());
    }
}
