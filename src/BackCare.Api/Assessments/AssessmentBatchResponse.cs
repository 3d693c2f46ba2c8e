using System.ComponentModel;
using System.Text.Json.Serialization;
using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Api.Assessments;

/// <summary>The answer to a batch: what applies to every item once, then one result per item in the order sent.</summary>
[Description("The answer to POST /v1/assessments/batch: the rule set and the disclaimer that apply to every item, given once, then one result " +
             "per item of the request, in the same order. An item that could not be graded has a problem of its own; the others are graded.")]
public sealed record AssessmentBatchResponse(
    [property: Description("The rule set that graded every item of this batch: one whole rule set grades a batch, even across a reload.")] RulesetStamp Ruleset,
    [property: Description("What BackCare is not. It applies to every assessment in `results`; show it with each.")] string Disclaimer,
    [property: Description("How many items were graded (`outcome` `graded`).")] int Graded,
    [property: Description("How many items were not graded (`outcome` `not_graded`): each has a problem saying why. None of them is 'safe'.")] int NotGraded,
    [property: Description("One result per item of the request, in the same order: `results[i]` answers item `i`, and its `index` is `i`.")] IReadOnlyList<AssessmentBatchItem> Results);

/// <summary>The first line of an NDJSON answer: the batch's answer less its results, which follow it one per line.</summary>
[Description("The first line of an NDJSON answer to POST /v1/assessments/batch: what applies to every item, given once. One " +
             "`AssessmentBatchItem` per item follows it, a line each, in the order sent.")]
public sealed record AssessmentBatchHeader(
    [property: Description("The rule set that graded every item of this batch: one whole rule set grades a batch, even across a reload.")] RulesetStamp Ruleset,
    [property: Description("What BackCare is not. It applies to every assessment on the lines that follow; show it with each.")] string Disclaimer,
    [property: Description("How many items were graded (`outcome` `graded`).")] int Graded,
    [property: Description("How many items were not graded (`outcome` `not_graded`): each has a problem saying why. None of them is 'safe'.")] int NotGraded);

/// <summary>The result for one item of a batch: its grade, or the problem that kept it from being graded.</summary>
[Description("The result for one item of the batch, told apart by `outcome`: `graded` carries the assessment, `not_graded` the problem.")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Graded), "graded")]
[JsonDerivedType(typeof(NotGraded), "not_graded")]
public abstract record AssessmentBatchItem(
    [property: JsonPropertyOrder(-1), Description("The item's position in the request array, counted from 0.")] int Index)
{
    /// <summary>An item that was graded.</summary>
    [Description("An item that was graded: `assessment` is what POST /v1/assessments answers to the same body, less the rule-set stamp and the disclaimer.")]
    public sealed record Graded(
        int Index,
        [property: Description("The graded recommendation for this item.")] BatchAssessment Assessment) : AssessmentBatchItem(Index);

    /// <summary>An item that was not graded, and why.</summary>
    [Description("An item that was not graded: `problem` says why, as POST /v1/assessments would have answered the same body. Never read it as 'safe'.")]
    public sealed record NotGraded(
        int Index,
        [property: Description("Why this item was not graded.")] BatchItemProblem Problem) : AssessmentBatchItem(Index);
}

/// <summary>One item's graded recommendation: the single call's answer without what the batch gives once.</summary>
[Description("The graded recommendation for one item: the members of POST /v1/assessments' answer but `ruleset` and `disclaimer`, which the batch gives once.")]
public sealed record BatchAssessment(
    [property: Description("A fresh id for this answer, for the caller's own records. BackCare stores nothing under it.")] Guid AssessmentId,
    [property: Description("The most severe grade among the findings; `self_care` when none fired.")] Grade Grade,
    [property: Description("One sentence for the person, matching the grade.")] string Headline,
    [property: Description("True only for `caution` and `self_care`: the app may show the exercises listed.")] bool SelfAdjustmentAdvised,
    [property: Description("Every rule that fired, most severe first, then by id.")] IReadOnlyList<AssessmentFinding> Findings,
    [property: Description("The exercises that remain safe; empty unless self-adjustment is advised.")] IReadOnlyList<ExerciseLink> Exercises,
    [property: Description("Exercises of the person's region that a rule removed, each with that rule; empty unless self-adjustment is advised.")] IReadOnlyList<ExcludedExercise> ExcludedExercises,
    [property: Description("Advice for the grade, the reminder that sharp pain means stop, and the red flags that should bring the person back.")] IReadOnlyList<string> SafetyAdvice)
{
    public static BatchAssessment From(AssessmentResponse answer) => new(
        answer.AssessmentId, answer.Grade, answer.Headline, answer.SelfAdjustmentAdvised,
        answer.Findings, answer.Exercises, answer.ExcludedExercises, answer.SafetyAdvice);
}

/// <summary>Why one item was not graded: the problem the single call would have answered, naming the item.</summary>
[Description("An RFC 9457 problem for one item: the `type`, `title`, `status` and `errors` POST /v1/assessments answers to the same body, " +
             "and a `detail` that starts with the item's index. `status` 400: the item is not a valid request; 413: it is larger than one request may be; " +
             "500: a rule could not be evaluated for it, so it has no grade.")]
public sealed record BatchItemProblem(
    [property: Description("A URI that identifies the kind of problem; here the section of the HTTP specification for the status.")] string Type,
    [property: Description("A short summary of the kind of problem, the same for every occurrence.")] string Title,
    [property: Description("The status POST /v1/assessments would have answered for this item alone: 400, 413 or 500.")] int Status,
    [property: Description("What is wrong with this item, starting with `Item <index>:`.")] string Detail,
    [property: Description("The reasons, keyed by the JSON path inside the item of each offending field (`redFlags.saddleAnesthesia`, or `body` for the item as a whole), as the single call keys them; empty when no field is at fault.")] IReadOnlyDictionary<string, string[]> Errors,
    [property: Description("Identifies the batch call in the server's traces; quote it when reporting a problem. It carries none of the answers.")] string TraceId);
