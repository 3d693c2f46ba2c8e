using BackCare.Api.Exercises;
using BackCare.Api.Rules;

namespace BackCare.Api.Assessments;

/// <summary>Turns the findings of the rule set into the graded recommendation a person sees.</summary>
public static class Triage
{
    /// <summary>Most severe first, then by rule id: a total order, since rule ids are unique.</summary>
    private static readonly Comparison<Finding> MostSevereFirst = (a, b) =>
        a.Grade != b.Grade ? b.Grade.CompareTo(a.Grade) : string.CompareOrdinal(a.Rule.Id, b.Rule.Id);

    public static async Task<AssessmentResponse> AssessAsync(RuleSet ruleSet, ExerciseCatalogue catalogue, AssessmentRequest answers)
    {
        var findings = (await ruleSet.EvaluateAsync(answers)).ToArray();
        Array.Sort(findings, MostSevereFirst);
        var grade = findings.Length > 0 ? findings[0].Grade : Grade.SelfCare;
        var advised = grade.AdvisesSelfAdjustment();
        var (safe, excluded) = advised ? SafeExercises(catalogue, answers.Pain?.Region, findings) : ([], []);
        var guidance = ruleSet.Guidance;
        var forGrade = guidance.Grades[grade];

        var reported = new AssessmentFinding[findings.Length];
        for (var i = 0; i < findings.Length; i++)
        {
            var f = findings[i];
            reported[i] = new AssessmentFinding(f.Rule.Id, f.Rule.Kind, f.Grade, f.Certainty, f.Rule.Title, f.Advice, f.Rule.Source);
        }

        return new AssessmentResponse(
            Guid.NewGuid(),
            grade,
            forGrade.Headline,
            advised,
            reported,
            safe,
            excluded,
            [.. forGrade.Advice, .. guidance.Always, guidance.ReturnIf],
            new RulesetStamp(ruleSet.Version, ruleSet.Sha256),
            guidance.Disclaimer);
    }

    /// <summary>The person's region narrows the catalogue first; then the most severe rule that excludes an exercise's movement removes it.</summary>
    private static (ExerciseLink[] Safe, ExcludedExercise[] Excluded) SafeExercises(
        ExerciseCatalogue catalogue, Region? region, Finding[] findings)
    {
        var safe = new List<ExerciseLink>(catalogue.All.Count);
        var excluded = new List<ExcludedExercise>();
        foreach (var exercise in catalogue.Filter(region, movement: null))
        {
            if (FirstExcluding(findings, exercise.Movement) is { } exclusion)
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

    /// <summary>The first (so most severe) finding whose rule removes exercises of this movement.</summary>
    private static Finding? FirstExcluding(Finding[] findings, Movement movement)
    {
        foreach (var finding in findings)
        {
            if (finding.Rule.ExcludesMovements.Contains(movement))
            {
                return finding;
            }
        }

        return null;
    }
}
