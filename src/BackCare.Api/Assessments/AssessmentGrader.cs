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
/// Grades a request body, whether it is a single call's or one item of a batch: read in its plain form by <see cref="AssessmentReader"/>,
/// anything else by the serializer with the API's options (unknown, mistyped, null and repeated properties refused), checked by the
/// validator, graded by <see cref="Triage.TryRecommend"/>. A body that fails any step gets the problem that says why; in a batch every
/// other item is still graded. Nothing is logged but what <see cref="Triage.TryRecommend"/> logs of a rule that throws (its id and the
/// exception's type).
/// </summary>
public sealed class AssessmentGrader(
    IValidator<AssessmentRequest> validator, IRequestBodyPaths paths, TriageMetrics metrics, ILoggerFactory loggers,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private readonly JsonTypeInfo<AssessmentRequest> _request =
        (JsonTypeInfo<AssessmentRequest>)json.Value.SerializerOptions.GetTypeInfo(typeof(AssessmentRequest));

    /// <summary>
    /// The recommendation for one request body (JSON text, without a byte order mark), or the problem that kept it from being graded:
    /// a body that is not a valid request is refused (400) before a missing rule set is (503). A graded body is counted in the triage
    /// metrics, unless <paramref name="recordMetrics"/> is false (the document's example).
    /// </summary>
    public ProblemDetails? Grade(RuleSet? ruleSet, ReadOnlySpan<byte> body, out Recommendation? recommendation, bool recordMetrics = true)
    {
        recommendation = null;
        var request = AssessmentReader.TryRead(body);
        if (request is null)
        {
            try
            {
                request = JsonSerializer.Deserialize(body, _request);
            }
            catch (JsonException e)
            {
                return Problems.FromJson(paths, e);
            }
        }

        if (request is null)
        {
            return Problems.MissingBody();
        }

        var validation = validator.Validate(request);
        if (!validation.IsValid)
        {
            return ValidationProblems.From(validation);
        }

        if (ruleSet is null)
        {
            return AssessmentsApi.NotReadyProblem();
        }

        var start = Stopwatch.GetTimestamp();
        if (Triage.TryRecommend(ruleSet, request, loggers, out recommendation) is { } failed)
        {
            return Problems.Create(StatusCodes.Status500InternalServerError, failed);
        }

        if (recordMetrics)
        {
            metrics.Record(recommendation!.Grade, Stopwatch.GetElapsedTime(start));
        }

        return null;
    }

    /// <summary>
    /// Grades every item of a batch with one rule set, in order, each as <see cref="Grade(RuleSet, ReadOnlySpan{byte}, out Recommendation?, bool)"/>
    /// grades a single call's body; <paramref name="traceId"/> goes into each item's problem.
    /// </summary>
    public GradedBatch GradeBatch(RuleSet ruleSet, ReadOnlySpan<byte> body, IReadOnlyList<Range> items, string traceId, bool recordMetrics = true)
    {
        var results = new BatchResult[items.Count];
        var graded = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var item = body[items[i]];
            Recommendation? recommendation = null;
            var problem = item.Length > AssessmentBatchesApi.MaxItemBytes
                ? Problems.Create(StatusCodes.Status413PayloadTooLarge,
                    $"The item is larger than one assessment request may be ({AssessmentBatchesApi.MaxItemBytes / 1024} KiB, as for POST /v1/assessments).")
                : Grade(ruleSet, item, out recommendation, recordMetrics);
            if (problem is null)
            {
                results[i] = new BatchResult(i, Guid.NewGuid(), recommendation, null);
                graded++;
            }
            else
            {
                results[i] = NotGraded(i, problem, traceId);
            }
        }

        return new GradedBatch(ruleSet, results, graded);
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
