using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Net.Http.Headers;

namespace BackCare.Api.Fhir;

/// <summary>FHIR R4 on <c>/fhir</c> (integration-v1, section 1): the CapabilityStatement, the screening Questionnaire, the definition of $triage and $triage itself.</summary>
public static class FhirApi
{
    public static RouteGroupBuilder MapFhir(this RouteGroupBuilder fhir)
    {
        fhir.WithTags("FHIR");

        fhir.MapGet("/metadata", (FhirSettings settings) => new FhirResult(FhirDefinitions.Capabilities(settings, SoftwareVersion)))
            .WithName("getFhirCapabilities")
            .WithSummary("The FHIR CapabilityStatement")
            .WithDescription("What BackCare offers over FHIR R4: reading the screening Questionnaire and its OperationDefinition, and `$triage` on QuestionnaireResponse. Needs no API key.")
            .AllowAnonymous()
            .WithFhirResponse(StatusCodes.Status200OK, "The CapabilityStatement.", "CapabilityStatement");

        fhir.MapGet($"/Questionnaire/{ScreeningQuestionnaire.Id}", GetQuestionnaire)
            .WithName("getFhirQuestionnaire")
            .WithSummary("The screening Questionnaire")
            .WithDescription("The questions of `GET /v1/questions` as a FHIR R4 Questionnaire: a group per section and an item per answer whose linkId is " +
                             "the answer's JSON path. Yes/no/unsure answers are codings Y, N and ASKU of v2-0532; integers carry their range as minValue/maxValue.")
            .WithFhirResponse(StatusCodes.Status200OK, "The Questionnaire; its version is the rule set's.", "Questionnaire")
            .WithFhirResponse(StatusCodes.Status503ServiceUnavailable, "No valid rule set is loaded.", "OperationOutcome");

        fhir.MapGet("/OperationDefinition/triage", (FhirSettings settings) => new FhirResult(FhirDefinitions.Triage(settings)))
            .WithName("getFhirTriageDefinition")
            .WithSummary("The definition of $triage")
            .WithDescription("The OperationDefinition of `POST /fhir/QuestionnaireResponse/$triage`: its input and its output parameters.")
            .WithFhirResponse(StatusCodes.Status200OK, "The OperationDefinition.", "OperationDefinition");

        fhir.MapPost("/QuestionnaireResponse/$triage", TriageAsync)
            .WithName("triageFhirQuestionnaireResponse")
            .WithSummary("Grade a QuestionnaireResponse")
            .WithDescription("Grades a QuestionnaireResponse to backcare-screening exactly as `POST /v1/assessments` grades the same answers, and answers a " +
                             "Parameters: `grade`, `guidance` (a GuidanceResponse), a `finding` (DetectedIssue) per rule that fired and an `exercise` per safe " +
                             "exercise. Errors are OperationOutcomes: 400 for malformed FHIR, an unknown linkId or a wrong answer; 422 naming each missing required answer.")
            .WithRequestSizeLimit(AssessmentsApi.MaxBodyBytes)
            .WithFhirRequest("A QuestionnaireResponse answering backcare-screening (items nested as in the Questionnaire, or flat).")
            .WithFhirResponse(StatusCodes.Status200OK, "The graded recommendation as a Parameters. Sent with `Cache-Control: no-store`.", "Parameters")
            .WithFhirResponse(StatusCodes.Status400BadRequest, "Malformed or non-R4 JSON, not a QuestionnaireResponse, an unknown linkId or an answer of the wrong type, code or range.", "OperationOutcome")
            .WithFhirResponse(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {AssessmentsApi.MaxBodyBytes / 1024} KiB.", "OperationOutcome")
            .WithFhirResponse(StatusCodes.Status415UnsupportedMediaType, "The body is not `application/fhir+json` or `application/json` in UTF-8.", "OperationOutcome")
            .WithFhirResponse(StatusCodes.Status422UnprocessableEntity, "A required answer is missing; each is named. It is never graded as 'no'.", "OperationOutcome")
            .WithFhirResponse(StatusCodes.Status500InternalServerError, "A rule could not be evaluated, so no grade was produced: never read this as 'safe'.", "OperationOutcome")
            .WithFhirResponse(StatusCodes.Status503ServiceUnavailable, "No valid rule set is loaded.", "OperationOutcome");

        return fhir;
    }

    private static string SoftwareVersion => typeof(FhirApi).Assembly.GetName().Version?.ToString() ?? "1.0.0";

    public static IResult GetQuestionnaire(FhirQuestionnaires questionnaires) =>
        questionnaires.Current is { } questionnaire ? new FhirResult(questionnaire.Build()) : NotReady();

    public static async Task<IResult> TriageAsync(
        HttpContext context, FhirQuestionnaires questionnaires, FhirTriage triage, RuleSetProvider rules, FhirSettings settings, ILoggerFactory loggers)
    {
        if (!IsFhirJson(context.Request.ContentType))
        {
            return Outcomes.Error(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Send the QuestionnaireResponse as {FhirJson.MediaType} (or application/json) in UTF-8.");
        }

        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Outcomes.Error(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly,
                $"The body is larger than this operation accepts ({AssessmentsApi.MaxBodyBytes / 1024} KiB).");
        }

        Resource resource;
        try
        {
            resource = FhirJson.Deserialize(body);
        }
        catch (DeserializationFailedException e)
        {
            // The SDK's own issues, each with its location in the body.
            return new FhirResult(e.ToOperationOutcome(), StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Outcomes.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                "The body is not a FHIR R4 resource in JSON: it is not a JSON object with a resourceType.");
        }

        if (resource is not QuestionnaireResponse response)
        {
            return Outcomes.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                $"$triage takes a QuestionnaireResponse, not a {resource.TypeName}.", resource.TypeName);
        }

        if (rules.Current is not { } ruleSet || questionnaires.Current is not { } questionnaire)
        {
            return NotReady();
        }

        var (request, refused) = triage.Read(questionnaire, response);
        if (refused is not null)
        {
            return refused;
        }

        // A person's answers: never cached by a browser or proxy.
        context.Response.Headers.CacheControl = "no-store";
        return Triage.TryAssess(ruleSet, request!, loggers, out var answer) is { } failed
            ? Outcomes.Error(StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception, failed)
            : new FhirResult(FhirTriage.Respond(answer!, settings));
    }

    private static bool IsFhirJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals(FhirJson.MediaType, StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static FhirResult NotReady() => Outcomes.Error(StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient,
        "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later.");
}
