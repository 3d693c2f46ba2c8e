using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackCare.Api.Hosting;
using BackCare.Domain;
using BackCare.Rules;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Assessments;

/// <summary>
/// Grades each item of a batch exactly as POST /v1/assessments grades its body: read by the same JSON options (unknown, mistyped,
/// null and repeated properties refused), checked by the same validator, graded by <see cref="Triage.TryRecommend"/>. An item that
/// fails any step gets the problem the single call would have answered; every other item is still graded. Nothing is logged but
/// what <see cref="Triage.TryRecommend"/> logs of a rule that throws (its id and the exception's type).
/// </summary>
public sealed class AssessmentBatches(
    IValidator<AssessmentRequest> validator, IRequestBodyPaths paths, TriageMetrics metrics, ILoggerFactory loggers,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private readonly JsonTypeInfo<AssessmentRequest> _request =
        (JsonTypeInfo<AssessmentRequest>)json.Value.SerializerOptions.GetTypeInfo(typeof(AssessmentRequest));

    /// <summary>
    /// Grades every item with one rule set, in order; <paramref name="traceId"/> goes into each item's problem. Each graded item is
    /// counted in the triage metrics as a single call's assessment is, unless <paramref name="recordMetrics"/> is false (the document's example).
    /// </summary>
    public GradedBatch Grade(RuleSet ruleSet, ReadOnlySpan<byte> body, IReadOnlyList<Range> items, string traceId, bool recordMetrics = true)
    {
        var results = new BatchResult[items.Count];
        var graded = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var result = GradeItem(ruleSet, i, body[items[i]], traceId, recordMetrics);
            graded += result.Recommendation is null ? 0 : 1;
            results[i] = result;
        }

        return new GradedBatch(ruleSet, results, graded);
    }

    private BatchResult GradeItem(RuleSet ruleSet, int index, ReadOnlySpan<byte> item, string traceId, bool recordMetrics)
    {
        if (item.Length > AssessmentBatchesApi.MaxItemBytes)
        {
            return NotGraded(index, Problems.Create(StatusCodes.Status413PayloadTooLarge,
                $"The item is larger than one assessment request may be ({AssessmentBatchesApi.MaxItemBytes / 1024} KiB, as for POST /v1/assessments)."), traceId);
        }

        AssessmentRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(item, _request);
        }
        catch (JsonException e)
        {
            return NotGraded(index, Problems.FromJson(paths, e), traceId);
        }

        if (request is null)
        {
            return NotGraded(index, Problems.MissingBody(), traceId);
        }

        var validation = validator.Validate(request);
        if (!validation.IsValid)
        {
            return NotGraded(index, ValidationProblems.From(validation), traceId);
        }

        var start = Stopwatch.GetTimestamp();
        if (Triage.TryRecommend(ruleSet, request, loggers, out var recommendation) is { } failed)
        {
            return NotGraded(index, Problems.Create(StatusCodes.Status500InternalServerError, failed), traceId);
        }

        if (recordMetrics)
        {
            metrics.Record(recommendation!.Grade, Stopwatch.GetElapsedTime(start));
        }

        return new BatchResult(index, Guid.NewGuid(), recommendation, null);
    }

    private static BatchResult NotGraded(int index, ProblemDetails problem, string traceId) => new(index, Guid.Empty, null, new BatchItemProblem(
        problem.Type!, problem.Title!, problem.Status!.Value, $"Item {index}: {problem.Detail}",
        problem is HttpValidationProblemDetails { Errors: var errors } ? new Dictionary<string, string[]>(errors, StringComparer.Ordinal) : NoErrors,
        traceId));
}

/// <summary>One item's result: its recommendation and the fresh id its answer carries, or the problem that kept it from being graded.</summary>
public readonly record struct BatchResult(int Index, Guid AssessmentId, Recommendation? Recommendation, BatchItemProblem? Problem);

/// <summary>A batch graded by one rule set, item by item in the order sent; <see cref="AssessmentJson"/> writes its answer.</summary>
public sealed record GradedBatch(RuleSet RuleSet, IReadOnlyList<BatchResult> Results, int Graded)
{
    public int NotGraded => Results.Count - Graded;

    /// <summary>The answer as objects, each graded item with the id its written answer carries (the document's example uses it).</summary>
    public AssessmentBatchResponse ToResponse() => new(
        new RulesetStamp(RuleSet.Version, RuleSet.Sha256), RuleSet.Guidance.Disclaimer, Graded, NotGraded,
        Results.Select(r => r.Recommendation is { } recommendation
            ? new AssessmentBatchItem.Graded(r.Index, BatchAssessment.From(Triage.Respond(RuleSet, recommendation) with { AssessmentId = r.AssessmentId }))
            : (AssessmentBatchItem)new AssessmentBatchItem.NotGraded(r.Index, r.Problem!)).ToArray());
}
