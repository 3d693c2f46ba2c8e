using System.ComponentModel;
using BackCare.Domain;
using BackCare.Rules;
using BackCare.Api.Exercises;
using BackCare.Api.Rules;

namespace BackCare.Api.Assessments;

/// <summary>The graded recommendation for one set of answers.</summary>
public sealed record AssessmentResponse(
    [property: Description("A fresh id for this answer, for the caller's own records. BackCare stores nothing under it.")] Guid AssessmentId,
    [property: Description("The most severe grade among the findings; `self_care` when none fired.")] Grade Grade,
    [property: Description("One sentence for the person, matching the grade.")] string Headline,
    [property: Description("True only for `caution` and `self_care`: the app may show the exercises listed.")] bool SelfAdjustmentAdvised,
    [property: Description("Every rule that fired, most severe first, then by id.")] IReadOnlyList<AssessmentFinding> Findings,
    [property: Description("The exercises that remain safe; empty unless self-adjustment is advised.")] IReadOnlyList<ExerciseLink> Exercises,
    [property: Description("Exercises of the person's region that a rule removed, each with that rule; empty unless self-adjustment is advised.")] IReadOnlyList<ExcludedExercise> ExcludedExercises,
    [property: Description("Advice for the grade, the reminder that sharp pain means stop, and the red flags that should bring the person back.")] IReadOnlyList<string> SafetyAdvice,
    [property: Description("The rule set that produced this answer.")] RulesetStamp Ruleset,
    [property: Description("What BackCare is not.")] string Disclaimer);

/// <summary>A rule that fired, with the article sentence it rests on.</summary>
public sealed record AssessmentFinding(
    [property: Description("The fixed rule id.")] string RuleId,
    [property: Description("What the rule guards against.")] RuleKind Kind,
    [property: Description("The grade this finding gives: the rule's grade, or its gradeIfUnsure when the answer was unsure.")] Grade Grade,
    [property: Description("`reported` when an answer was yes or a threshold was met; `unsure` when it rests on an unsure answer.")] Certainty Certainty,
    [property: Description("Short name of the criterion.")] string Title,
    [property: Description("What the person should do.")] string Advice,
    [property: Description("The article sentence the rule rests on.")] RuleSource Source);

/// <summary>An exercise that remains safe, with a link to its full description.</summary>
public sealed record ExerciseLink(
    [property: Description("The exercise id.")] string Id,
    [property: Description("Display name.")] string Name,
    [property: Description("The part of the spine it mobilises.")] Region Region,
    [property: Description("Its direction of movement.")] Movement Movement,
    [property: Description("Where to fetch its steps and cautions.")] string Href);

/// <summary>An exercise a rule removed from the safe list.</summary>
public sealed record ExcludedExercise(
    [property: Description("The exercise id.")] string Id,
    [property: Description("The rule that removed it.")] string RuleId,
    [property: Description("Why it was removed.")] string Reason);

/// <summary>Which rules produced an answer.</summary>
public sealed record RulesetStamp(
    [property: Description("The rule-set version from the rule files.")] string Version,
    [property: Description("SHA-256 (hex) of the rule files' content.")] string Sha256);
