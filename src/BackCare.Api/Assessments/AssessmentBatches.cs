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
/// null and repeated properties refused), checked by the same validator, graded by <see cref="Triage.TryAssess"/>. An item that
/// fails any step gets the problem the single call would have answered; every other item is still graded. Nothing is logged but
/// what <see cref="Triage.TryAssess"/> logs of a rule that throws (its id and the exception's type).
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
    public AssessmentBatchResponse Grade(RuleSet ruleSet, ReadOnlySpan<byte> body, IReadOnlyList<Range> items, string traceId, bool recordMetrics = true)
    {
        var results = new AssessmentBatchItem[items.Count];
        var graded = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var result = GradeItem(ruleSet, i, body[items[i]], traceId, recordMetrics);
            graded += result is AssessmentBatchItem.Graded ? 1 : 0;
            results[i] = result;
        }

        return new AssessmentBatchResponse(new RulesetStamp(ruleSet.Version, ruleSet.Sha256), ruleSet.Guidance.Disclaimer, graded, results.Length - graded, results);
    }

    private AssessmentBatchItem GradeItem(RuleSet ruleSet, int index, ReadOnlySpan<byte> item, string traceId, bool recordMetrics)
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
        if (Triage.TryAssess(ruleSet, request, loggers, out var answer) is { } failed)
        {
            return NotGraded(index, Problems.Create(StatusCodes.Status500InternalServerError, failed), traceId);
        }

        if (recordMetrics)
        {
            metrics.Record(answer!.Grade, Stopwatch.GetElapsedTime(start));
        }

        return new AssessmentBatchItem.Graded(index, BatchAssessment.From(answer!));
    }

    private static AssessmentBatchItem.NotGraded NotGraded(int index, ProblemDetails problem, string traceId) => new(index, new BatchItemProblem(
        problem.Type!, problem.Title!, problem.Status!.Value, $"Item {index}: {problem.Detail}",
        problem is HttpValidationProblemDetails { Errors: var errors } ? new Dictionary<string, string[]>(errors, StringComparer.Ordinal) : NoErrors,
        traceId));
}
