using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Domain;
using BackCare.Rules;
using BackCare.Api.Rules;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BackCare.Api.Assessments;

/// <summary>
/// The worked examples of POST /v1/assessments/batch: three people's answers and the answer the batch grader really gives to them
/// with the loaded rule set, and the answer to a list in which one person's answers misspell a question (computed when the document
/// is generated, as the single call's example is). The request example holds only valid items: the document lints examples against
/// the request schema, which describes a valid request.
/// </summary>
public static class AssessmentBatchExamples
{
    public const string Name = "intake-list";
    public const string InvalidItemName = "an-invalid-item";

    /// <summary>Stands in for the trace id of the call in each problem, so the document is the same on every build.</summary>
    public const string IllustrativeTraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /// <summary>The single call's disc-problem example, cauda equina signs, and two days of mid-back stiffness with nothing else.</summary>
    public static JsonArray Request(JsonSerializerOptions json)
    {
        var example = AssessmentExamples.Request;
        var emergency = JsonSerializer.SerializeToNode(example with
        {
            RedFlags = example.RedFlags! with { BladderOrBowelControlLoss = Answer.Yes },
            Conditions = example.Conditions! with { DiscProblem = Answer.No },
        }, json)!.AsObject();
        // This person does not pop their back: the optional group is left out (a null would be refused, as on the single call).
        emergency.Remove("selfAdjustment");
        var stiff = JsonSerializer.SerializeToNode(example with
        {
            Conditions = example.Conditions! with { DiscProblem = Answer.No },
            Pain = example.Pain! with { DurationDays = 2, Region = Region.Thoracic },
        }, json)!;
        return [JsonSerializer.SerializeToNode(example, json), emergency, stiff];
    }

    /// <summary>The single call's example, and the same answers with <c>redFlags.saddleAnesthesia</c> misspelt.</summary>
    public static JsonArray RequestWithAnInvalidItem(JsonSerializerOptions json)
    {
        var valid = JsonSerializer.SerializeToNode(AssessmentExamples.Request, json)!;
        var misspelt = valid.DeepClone();
        var redFlags = misspelt["redFlags"]!.AsObject();
        redFlags.Remove("saddleAnesthesia");
        redFlags["saddleAnaesthesia"] = "no";
        return [valid, misspelt];
    }

    /// <summary>What BackCare answers to <paramref name="request"/>, with illustrative ids in place of the fresh ones.</summary>
    public static AssessmentBatchResponse Response(RuleSet ruleSet, AssessmentGrader grader, JsonArray request)
    {
        using var body = BufferedBody.Of(Encoding.UTF8.GetBytes(request.ToJsonString()));
        var (items, refused) = body.Split(AssessmentBatchesApi.MaxItems);
        if (refused is not null)
        {
            throw new InvalidOperationException($"The batch example is refused whole: {refused.Detail}");
        }

        var response = grader.GradeBatch(ruleSet, body.Span, items, IllustrativeTraceId, recordMetrics: false).ToResponse();
        return response with
        {
            Results = response.Results.Select((result, i) => result is AssessmentBatchItem.Graded graded
                ? graded with { Assessment = graded.Assessment with { AssessmentId = IllustrativeId(i) } }
                : result).ToArray(),
        };
    }

    public static async Task AddAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Paths.TryGetValue("/v1/assessments/batch", out var path)
            && path.Operations?.GetValueOrDefault(HttpMethod.Post) is { } operation
            && AssessmentExamples.Find(operation.RequestBody?.Content, "application/json") is { } requestMedia
            && AssessmentExamples.Find(operation.Responses, "200") is { } ok
            && AssessmentExamples.Find(ok.Content, "application/json") is { } responseMedia)
        {
            var services = context.ApplicationServices;
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            requestMedia.Examples = new Dictionary<string, IOpenApiExample>
            {
                [Name] = Example(
                    "An intake list of three people",
                    "The disc-problem example of POST /v1/assessments; a person who has lost bladder or bowel control; and two days of " +
                    "mid-back stiffness with nothing else.",
                    Request(json)),
            };

            // As for the single call: at build time the host has not loaded the rule set, so it is loaded here; without a valid one there is no answer to show.
            var rules = services.GetRequiredService<RuleSetProvider>();
            if ((rules.Current ?? await AssessmentExamples.TryLoadAsync(rules.Directory)) is not { } ruleSet)
            {
                return;
            }

            var grader = services.GetRequiredService<AssessmentGrader>();
            var answer = Response(ruleSet, grader, Request(json));
            var withInvalid = Response(ruleSet, grader, RequestWithAnInvalidItem(json));
            responseMedia.Examples = new Dictionary<string, IOpenApiExample>
            {
                [Name] = Example(
                    "The answer to the intake-list example",
                    $"What rule set {ruleSet.Version} answers to the request example: {Outcomes(answer)}. The `assessmentId`s are illustrative.",
                    JsonSerializer.SerializeToNode(answer, json)),
                [InvalidItemName] = Example(
                    "The answer to a list with an invalid item",
                    $"What rule set {ruleSet.Version} answers to the disc-problem example followed by the same answers with " +
                    "`redFlags.saddleAnesthesia` misspelt as `saddleAnaesthesia`: " + Outcomes(withInvalid) +
                    ". The misspelt item gets the problem POST /v1/assessments answers to that body alone; the other is graded. " +
                    "The `assessmentId` and the `traceId` are illustrative.",
                    JsonSerializer.SerializeToNode(withInvalid, json)),
            };
        }
    }

    private static string Outcomes(AssessmentBatchResponse response) => string.Join("; ", response.Results.Select(r => r switch
    {
        AssessmentBatchItem.Graded g => $"item {g.Index} `{SnakeCaseEnum<Grade>.NameOf(g.Assessment.Grade)}`",
        AssessmentBatchItem.NotGraded n => $"item {n.Index} not graded ({n.Problem.Status})",
        _ => throw new InvalidOperationException($"An unknown result: {r.GetType().Name}."),
    }));

    private static Guid IllustrativeId(int index) => new($"3f0c2a9e-6b1d-4c8e-9a57-2d4b8e61f0{index:x2}");

    private static OpenApiExample Example(string summary, string description, JsonNode? value) =>
        new() { Summary = summary, Description = description, Value = value };
}
