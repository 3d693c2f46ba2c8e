using System.Diagnostics;
using BackCare.Domain;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.Assessments;

/// <summary>POST /v1/assessments/batch: a partner's whole intake list graded in one call, item by item as the single call grades each.</summary>
public static class AssessmentBatchesApi
{
    /// <summary>The most items one call takes.</summary>
    public const int MaxItems = 1000;

    /// <summary>One item may be as large as a whole single call's body.</summary>
    public const long MaxItemBytes = AssessmentsApi.MaxBodyBytes;

    /// <summary>
    /// The body's budget per item on average. A request with every answer given is 539 bytes compact, 676 indented by two spaces and
    /// 791 indented by four with CRLF line ends: 1 KiB holds any of them. 1,000 × the single call's 16 KiB would hold 16 MiB in memory
    /// per call for nothing but white space, and would pass the ingress's 1 MiB limit (deploy/k8s), which this one stays under.
    /// </summary>
    public const long ItemBudgetBytes = 1024;

    /// <summary>The body limit scales with the item count: <see cref="MaxItems"/> × <see cref="ItemBudgetBytes"/> (1,024,000 bytes, 1000 KiB).</summary>
    public const long MaxBodyBytes = MaxItems * ItemBudgetBytes;

    public static RouteGroupBuilder MapAssessmentBatches(this RouteGroupBuilder v1)
    {
        v1.MapPost("/assessments/batch", GradeBatchAsync)
            .WithTags("Assessments")
            .WithName("createAssessmentBatch")
            .WithSummary("Grade a list of people's answers")
            .WithDescription(
                $"Grades up to {MaxItems} assessment requests in one call, each exactly as `POST /v1/assessments` grades the same body: the same " +
                "strict JSON reading (unknown, mistyped, null or repeated properties are errors), the same validator, the same rule set. The answer " +
                "gives the rule-set stamp and the disclaimer once, then one result per item in the order sent: `graded` with the assessment, or " +
                "`not_graded` with the problem the single call would have answered (400 for an invalid item, keyed by the JSON paths inside the item; " +
                $"413 for an item over {MaxItemBytes / 1024} KiB; 500 naming a rule that could not be evaluated for it). One bad item never keeps the " +
                "others from being graded, and no item is ever dropped. A body that is not one JSON array of 1 to " +
                $"{MaxItems} items is refused whole with a 400. The call counts as one request against the client's rate limit, whatever its size. " +
                "The answers are neither logged nor stored.\n\n" +
                $"NDJSON: send `Content-Type: {Ndjson.MediaType}` with one request per line (lines of only white space are not items; " +
                "a line that is not JSON is that item's problem), and/or `Accept: application/x-ndjson` to get the header (stamp, disclaimer, " +
                "counts) on the first line and one result per line after it.")
            .Accepts<IReadOnlyList<AssessmentRequest>>("application/json", Ndjson.MediaType)
            .Produces<AssessmentBatchResponse>()
            .WithRequestSizeLimit(MaxBodyBytes)
            .AddOpenApiOperationTransformer(DescribeBodiesAsync)
            .WithResponseDescription(StatusCodes.Status200OK,
                "One result per item, in order, with the rule-set stamp and the disclaimer once. Sent whenever the body is a JSON array of 1 to " +
                $"{MaxItems} items, even if no item could be graded. Sent with `Cache-Control: no-store`: it describes people's health.")
            .ProducesValidationProblem()
            .WithResponseDescription(StatusCodes.Status400BadRequest,
                $"The body as a whole is not a batch: missing, not valid JSON, not a JSON array, an empty array, or more than {MaxItems} items " +
                "(the problem says how many). `errors` has the key `body`. An item that is not valid is not a 400: it is a `not_graded` result.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithResponseDescription(StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {MaxBodyBytes / 1024} KiB ({MaxItems} × {ItemBudgetBytes / 1024} KiB). Send it without padding, or split the list into several calls.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithResponseDescription(StatusCodes.Status500InternalServerError,
                "BackCare could not complete the call, a fault of its own: no item was graded. A rule that cannot be evaluated for one item is " +
                "that item's `not_graded` result, not a 500.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    public static async Task<Results<BatchAnswerResult, ProblemHttpResult>> GradeBatchAsync(
        HttpContext context, RuleSetProvider rules, AssessmentGrader grader, AssessmentJson json)
    {
        // People's answers: never cached by a browser or proxy, whatever the outcome.
        context.Response.Headers.CacheControl = "no-store";
        // The single call's binder takes application/json and any application/*+json; so does the batch, and NDJSON besides.
        var lines = Ndjson.IsSent(context.Request);
        if (!lines && !context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status415UnsupportedMediaType,
                $"Send the request body as a JSON array with 'Content-Type: application/json', or one request per line with 'Content-Type: {Ndjson.MediaType}'."));
        }

        var (body, unread) = await BufferedBody.TryReadAsync(context, MaxBodyBytes);
        if (body is null)
        {
            return TypedResults.Problem(unread!);
        }

        using (body)
        {
            var (items, refused) = lines ? body.SplitLines(MaxItems) : body.Split(MaxItems);
            if (refused is not null)
            {
                return TypedResults.Problem(refused);
            }

            // One rule set for the whole batch: its stamp is given once, so every item must be graded by it.
            if (rules.Current is not { } ruleSet)
            {
                return AssessmentsApi.NotReady();
            }

            var batch = grader.GradeBatch(ruleSet, body.Span, items, Activity.Current?.Id ?? context.TraceIdentifier);
            return new BatchAnswerResult(json, batch, Ndjson.IsWanted(context.Request));
        }
    }

    /// <summary>
    /// The request body as a JSON array (1 to <see cref="MaxItems"/> requests) or as NDJSON (a request per line), and the 200 answer
    /// as JSON or as NDJSON, whose lines are an <see cref="AssessmentBatchHeader"/> and then one <see cref="AssessmentBatchItem"/> each.
    /// </summary>
    private static async Task DescribeBodiesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (operation.RequestBody is OpenApiRequestBody body && body.Content is { } content
            && content.TryGetValue("application/json", out var json) && json.Schema is OpenApiSchema array)
        {
            body.Description = $"A JSON array of 1 to {MaxItems} bodies of `POST /v1/assessments`, each at most {MaxItemBytes / 1024} KiB; " +
                               $"the whole body at most {MaxBodyBytes / 1024} KiB ({ItemBudgetBytes / 1024} KiB per item on average, room for any formatting). " +
                               $"As `{Ndjson.MediaType}`: the same bodies, one per line.";
            body.Required = true;
            array.MinItems = 1;
            array.MaxItems = MaxItems;
            content[Ndjson.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Description = $"Each line, 1 to {MaxItems} of them, is one body of `POST /v1/assessments`; lines of only white space are skipped.",
                    AllOf = [new OpenApiSchemaReference(nameof(AssessmentRequest), document)],
                },
            };
        }

        if (operation.Responses?.TryGetValue("200", out var found) == true && found is OpenApiResponse ok)
        {
            var header = await context.GetOrCreateSchemaAsync(typeof(AssessmentBatchHeader), cancellationToken: cancellationToken);
            // Made here, the schema holds the stamp's whole; the document has it once, as the batch answer's and the single answer's.
            if (header.Properties?.TryGetValue("ruleset", out var stamp) == true)
            {
                var reference = new OpenApiSchemaReference(nameof(RulesetStamp), document);
                reference.Reference.Description = typeof(AssessmentBatchHeader).GetProperty(nameof(AssessmentBatchHeader.Ruleset))!
                    .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false).OfType<System.ComponentModel.DescriptionAttribute>().Single().Description;
                header.Properties["ruleset"] = reference;
            }

            document.AddComponent(nameof(AssessmentBatchHeader), header);
            (ok.Content ??= new Dictionary<string, OpenApiMediaType>())[Ndjson.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Description = "The answer when `Accept` asks for NDJSON: one JSON object per line, the first an `AssessmentBatchHeader`, " +
                                  "then one `AssessmentBatchItem` per item, in the order sent.",
                    OneOf = [new OpenApiSchemaReference(nameof(AssessmentBatchHeader), document), new OpenApiSchemaReference(nameof(AssessmentBatchItem), document)],
                },
            };
        }
    }
}
