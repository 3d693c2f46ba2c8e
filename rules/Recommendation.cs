using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>An exercise a rule removed from the safe list.</summary>
public sealed record Exclusion(Exercise Exercise, Criterion Rule);

/// <summary>
/// The graded recommendation for one set of answers: the grade, every rule that fired (most severe first, then by id), and, when
/// self-adjustment is advised, the exercises that stay safe and those a rule removed.
/// </summary>
public sealed record Recommendation(Grade Grade, IReadOnlyList<Finding> Findings, IReadOnlyList<Exercise> Exercises, IReadOnlyList<Exclusion> Exclusions)
{
    /// <summary>Most severe first, then by rule id: a total order, since rule ids are unique.</summary>
    private static readonly Comparison<Finding> MostSevereFirst = (a, b) =>
        a.Grade != b.Grade ? b.Grade.CompareTo(a.Grade) : string.CompareOrdinal(a.Rule.Id, b.Rule.Id);

    /// <summary>Self-adjustment is advised only when nothing graver than a caution fired.</summary>
    public bool SelfAdjustmentAdvised => Grade.AdvisesSelfAdjustment();

    /// <summary>
    /// The grade is the most severe finding's, <c>self_care</c> when none fired. When self-adjustment is advised, the person's region
    /// narrows the catalogue first; then the most severe rule that excludes an exercise's movement removes it.
    /// </summary>
    public static Recommendation From(Finding[] findings, Region? region, ExerciseCatalogue catalogue)
    {
        Array.Sort(findings, MostSevereFirst);
        var grade = findings.Length > 0 ? findings[0].Grade : Grade.SelfCare;
        if (!grade.AdvisesSelfAdjustment())
        {
            return new Recommendation(grade, findings, [], []);
        }

        var safe = new List<Exercise>(catalogue.All.Count);
        var excluded = new List<Exclusion>();
        foreach (var exercise in catalogue.Filter(region, movement: null))
        {
            if (FirstExcluding(findings, exercise.Movement) is { } rule)
            {
                excluded.Add(new Exclusion(exercise, rule));
            }
            else
            {
                safe.Add(exercise);
            }
        }

        return new Recommendation(grade, findings, safe, excluded);
    }

    /// <summary>The first (so most severe) finding's rule that removes exercises of this movement.</summary>
    private static Criterion? FirstExcluding(Finding[] findings, Movement movement)
    {
        foreach (var finding in findings)
        {
            if (finding.Rule.ExcludesMovements.Contains(movement))
            {
                return finding.Rule;
            }
        }

        return null;
    }
}
