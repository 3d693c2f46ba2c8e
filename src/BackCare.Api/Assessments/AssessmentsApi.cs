using BackCare.Domain;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackCare.Api.Assessments;

public static class AssessmentsApi
{
    /// <summary>The request is a few hundred bytes; 16 KiB leaves room for formatting and nothing else.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapAssessments(this RouteGroupBuilder v1)
    {
        v1.MapPost("/assessments", CreateAssessment)
            .WithTags("Assessments")
            .WithName("createAssessment")
            .WithSummary("Grade a person's answers")
            .WithDescription("Evaluates every rule of the rule set against the answers and returns the graded recommendation " +
                             "(`emergency`, `urgent`, `consult`, `avoid_self_adjustment`, `caution` or `self_care`), every rule that fired " +
                             "with the article sentence it rests on, and the exercises that remain safe. The answers are neither logged nor stored.")
            .Accepts<AssessmentRequest>("application/json")
            .WithValidation<AssessmentRequest>()
            .AddEndpointFilter<AssessmentTelemetry>()
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

    public static Results<Ok<AssessmentResponse>, ProblemHttpResult> CreateAssessment(
        AssessmentRequest request, RuleSetProvider rules, HttpResponse response, ILoggerFactory loggers)
    {
        if (rules.Current is not { } ruleSet)
        {
            return NotReady();
        }

        // A person's answers: never cached by a browser or proxy.
        response.Headers.CacheControl = "no-store";
        return Triage.TryAssess(ruleSet, request, loggers, out var answer) is { } failed
            ? TypedResults.Problem(Problems.Create(StatusCodes.Status500InternalServerError, failed))
            : TypedResults.Ok(answer);
    }

    public static Results<Ok<IReadOnlyList<Question>>, ProblemHttpResult> ListQuestions(RuleSetProvider rules) =>
        rules.Current is { } ruleSet
            ? TypedResults.Ok(Questionnaire.Build(ruleSet.Rules.Select(r => (r.Id, r.Questions))))
            : NotReady();

    internal static ProblemHttpResult NotReady() => TypedResults.Problem(Problems.Create(StatusCodes.Status503ServiceUnavailable,
        "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later."));
}
