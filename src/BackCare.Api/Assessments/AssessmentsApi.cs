using BackCare.Domain;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using BackCare.Rules;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackCare.Api.Assessments;

public static class AssessmentsApi
{
    /// <summary>The request is a few hundred bytes; 16 KiB leaves room for formatting and nothing else.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapAssessments(this RouteGroupBuilder v1)
    {
        v1.MapPost("/assessments", CreateAssessmentAsync)
            .WithTags("Assessments")
            .WithName("createAssessment")
            .WithSummary("Grade a person's answers")
            .WithDescription("Evaluates every rule of the rule set against the answers and returns the graded recommendation " +
                             "(`emergency`, `urgent`, `consult`, `avoid_self_adjustment`, `caution` or `self_care`), every rule that fired " +
                             "with the article sentence it rests on, and the exercises that remain safe. The answers are neither logged nor stored.")
            .Accepts<AssessmentRequest>("application/json")
            .Produces<AssessmentResponse>()
            .ProducesValidationProblem()
            .WithRequestSizeLimit(MaxBodyBytes)
            .WithResponseDescription(StatusCodes.Status200OK, "The graded recommendation. Sent with `Cache-Control: no-store`: it describes a person's health.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithResponseDescription(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        v1.MapAssessmentBatches();

        v1.MapGet("/questions", ListQuestions)
            .WithTags("Assessments")
            .WithName("listQuestions")
            .WithSummary("List the screening questions")
            .WithDescription("The questionnaire an app renders before POST /v1/assessments: one entry per answer, whose id is its JSON path " +
                             "in the request, with its text, answer type, accepted values or range, whether it is required, and the rules that read it.")
            .WithResponseDescription(StatusCodes.Status200OK, "Every question, in the order of the request.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    // Reads, validates, grades and writes the answer in one step, exactly as one item of a batch is graded: no binder, no endpoint
    // filter, no response object (a doc comment here would become the operation's summary). The grade goes to the metrics and the
    // request log; the answers go nowhere.
    public static async Task<IResult> CreateAssessmentAsync(HttpContext context, RuleSetProvider rules, AssessmentGrader grader, AssessmentJson json)
    {
        // A person's answers: never cached by a browser or proxy, whatever the outcome.
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status415UnsupportedMediaType, Problems.SendJson));
        }

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return TypedResults.Problem(Problems.MissingBody());
        }

        var (body, unread) = await BufferedBody.TryReadAsync(context, MaxBodyBytes);
        if (body is null)
        {
            return TypedResults.Problem(unread!);
        }

        using (body)
        {
            var ruleSet = rules.Current;
            if (grader.Grade(ruleSet, body.Json, out var recommendation) is { } problem)
            {
                return TypedResults.Problem(problem);
            }

            RequestLog.SetGrade(context, SnakeCaseEnum<Grade>.NameOf(recommendation!.Grade));
            return new AssessmentResult(json, ruleSet!, recommendation);
        }
    }

    public static Results<Ok<IReadOnlyList<Question>>, ProblemHttpResult> ListQuestions(RuleSetProvider rules) =>
        rules.Current is { } ruleSet
            ? TypedResults.Ok(Questionnaire.Build(ruleSet.Rules.Select(r => (r.Id, r.Questions))))
            : NotReady();

    internal static ProblemHttpResult NotReady() => TypedResults.Problem(NotReadyProblem());

    internal static ProblemDetails NotReadyProblem() => Problems.Create(StatusCodes.Status503ServiceUnavailable,
        "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later.");

    /// <summary>The 200 answer, written straight to the response's pipe.</summary>
    private sealed class AssessmentResult(AssessmentJson json, RuleSet ruleSet, Recommendation recommendation) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            json.WriteResponse(response.BodyWriter, ruleSet, Guid.NewGuid(), recommendation);
            return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
        }
    }
}
