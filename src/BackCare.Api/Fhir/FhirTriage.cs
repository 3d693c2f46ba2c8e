using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Domain;
using FluentValidation;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Fhir;

/// <summary>
/// <c>$triage</c>: a QuestionnaireResponse read into the assessment request, validated and graded exactly as <c>POST /v1/assessments</c>
/// does, and the answer as a <c>Parameters</c>.
/// </summary>
public sealed class FhirTriage(IOptions<JsonOptions> json, IValidator<AssessmentRequest> validator)
{
    /// <summary>The request, or the OperationOutcome that stops it: 400 for what is wrong, 422 naming each required answer that is missing.</summary>
    public (AssessmentRequest? Request, FhirResult? Refused) Read(ScreeningQuestionnaire questionnaire, QuestionnaireResponse response)
    {
        var (body, issues, answered) = questionnaire.Read(response);
        if (issues.Count > 0)
        {
            return (null, Outcomes.Errors(StatusCodes.Status400BadRequest, issues));
        }

        var request = body.Deserialize<AssessmentRequest>(json.Value.SerializerOptions)!;
        var errors = validator.Validate(request).Errors.Select(e => string.Join('.', e.PropertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName))).Distinct().ToList();
        if (errors.Count == 0)
        {
            return (request, null);
        }

        // An answered item the validator refuses is out of range (400); a missing one is named, with every required answer of a missing section (422).
        var wrong = errors.Where(answered.Contains).ToList();
        if (wrong.Count > 0)
        {
            return (null, Outcomes.Errors(StatusCodes.Status400BadRequest, wrong.Select(id => Outcomes.Issue(OperationOutcome.IssueType.Value,
                $"linkId '{id}' is out of range: {Range(questionnaire, id)}", LinkIdExpression(id)))));
        }

        var missing = errors.SelectMany(path => path.Contains('.', StringComparison.Ordinal)
            ? [path]
            : questionnaire.Questions.Where(q => q.Required && q.Id.StartsWith(path + ".", StringComparison.Ordinal)).Select(q => q.Id)).Distinct();
        return (null, Outcomes.Errors(StatusCodes.Status422UnprocessableEntity, missing.Select(id => Outcomes.Issue(OperationOutcome.IssueType.Required,
            $"linkId '{id}' is required and has no answer. A missing answer is never read as 'no'.", LinkIdExpression(id)))));
    }

    private static string Range(ScreeningQuestionnaire questionnaire, string id) =>
        questionnaire.Questions.First(q => q.Id == id) is { Minimum: { } min, Maximum: { } max } ? $"give a whole number from {min} to {max}." : "see the Questionnaire.";

    private static string LinkIdExpression(string id) => $"QuestionnaireResponse.item.where(linkId='{id}')";

    /// <summary>The graded recommendation as the operation's output parameters.</summary>
    public static Parameters Respond(AssessmentResponse answer, FhirSettings settings)
    {
        var parameters = new Parameters();
        parameters.Add("grade", new Code(SnakeCaseEnum<Grade>.NameOf(answer.Grade)));
        parameters.Add("guidance", new GuidanceResponse
        {
            Identifier = [new Identifier("urn:ietf:rfc:3986", $"urn:uuid:{answer.AssessmentId}")],
            Module = new FhirUri($"urn:backcare:ruleset:{answer.Ruleset.Version}:sha256:{answer.Ruleset.Sha256}"),
            Status = GuidanceResponse.GuidanceResponseStatus.Success,
            OccurrenceDateTimeElement = new FhirDateTime(DateTimeOffset.UtcNow),
            Note = [.. new[] { answer.Headline }.Concat(answer.SafetyAdvice).Append(answer.Disclaimer).Select(text => new Annotation { Text = new Markdown(text) })],
        });
        foreach (var finding in answer.Findings)
        {
            parameters.Add("finding", new DetectedIssue
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept(settings.RuleSystem, finding.RuleId, finding.Title),
                Severity = Severity(finding.Grade),
                Detail = finding.Advice,
                Evidence =
                [
                    new DetectedIssue.EvidenceComponent
                    {
                        Code = [new CodeableConcept { Text = $"\"{finding.Source.Quote}\" ({finding.Source.Section})" }],
                    },
                ],
            });
        }

        foreach (var exercise in answer.Exercises)
        {
            parameters.Add("exercise", new Coding(settings.ExerciseSystem, exercise.Id, exercise.Name));
        }

        return parameters;
    }

    /// <summary>Emergency and urgent are high, consult and avoid_self_adjustment moderate, caution and self_care low.</summary>
    private static DetectedIssue.DetectedIssueSeverity Severity(Grade grade) => grade switch
    {
        Grade.Emergency or Grade.Urgent => DetectedIssue.DetectedIssueSeverity.High,
        Grade.Consult or Grade.AvoidSelfAdjustment => DetectedIssue.DetectedIssueSeverity.Moderate,
        _ => DetectedIssue.DetectedIssueSeverity.Low,
    };
}
