using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Api.Assessments;
using BackCare.Api.Fhir;
using BackCare.Domain;
using BackCare.Rules;
using FluentValidation;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Questionnaire = BackCare.Api.Assessments.Questionnaire;

namespace BackCare.Api.CdsHooks;

/// <summary>The assessment behind a card: the grade, the answer it came from, whether red flags were screened, and what the record raised.</summary>
public sealed record CdsAssessment(AssessmentResponse Answer, Grade Grade, bool Screened, IReadOnlyDictionary<string, RecordedAnswer> Record);

/// <summary>
/// Grades what the EHR sent: the person's own screening answers when a usable QuestionnaireResponse came with the call, raised (never
/// lowered) by the coded Conditions on record. Unknown is not no: without a usable screening, red flags are not screened; then only
/// what the record shows is graded, and the grade is at least <c>consult</c>. With neither there is nothing to grade.
/// </summary>
public sealed class CdsTriage(IOptions<JsonOptions> json, IValidator<AssessmentRequest> validator, FhirQuestionnaires questionnaires, TimeProvider time)
{
    public CdsAssessment? Assess(RuleSet ruleSet, IReadOnlyList<Condition> conditions, IReadOnlyList<QuestionnaireResponse> screenings)
    {
        var record = RecordAnswers.From(conditions, ruleSet.ConditionCodes, time.GetUtcNow());
        var latest = screenings.OrderByDescending(s => s.AuthoredElement?.ToDateTimeOffset(TimeSpan.Zero)).FirstOrDefault();
        if (latest is not null && questionnaires.Current is { } questionnaire && questionnaire.Read(latest) is { Issues.Count: 0 } read
            && Graded(ruleSet, Raise(read.Request, record)) is { } screened)
        {
            return new CdsAssessment(screened, screened.Grade, true, record);
        }

        if (record.Count == 0)
        {
            return null;
        }

        // Only the record's answers, every other one unanswered: nothing here may read as "safe", so the grade is at least consult.
        var fromRecord = Graded(ruleSet, Raise((JsonObject)UnscreenedGround.DeepClone(), record))!;
        return new CdsAssessment(fromRecord, (Grade)Math.Max((int)fromRecord.Grade, (int)Grade.Consult), false, record);
    }

    private AssessmentResponse? Graded(RuleSet ruleSet, JsonObject body)
    {
        var request = body.Deserialize<AssessmentRequest>(json.Value.SerializerOptions)!;
        return validator.Validate(request).IsValid ? Triage.Assess(ruleSet, request) : null;
    }

    /// <summary>The record's answers over the given ones: an answer only ever gets stronger.</summary>
    private static JsonObject Raise(JsonObject body, IReadOnlyDictionary<string, RecordedAnswer> record)
    {
        foreach (var (path, recorded) in record)
        {
            SnakeCaseEnum<Answer>.TryParse(Questionnaire.GetAnswer(body, path)?.GetValue<string>(), out var given);
            Questionnaire.SetAnswer(body, path, SnakeCaseEnum<Answer>.NameOf(Answers.Strongest(given, recorded.Answer)));
        }

        return body;
    }

    /// <summary>Every required answer "no" and the fewest days of pain: the ground the record's answers are graded on.</summary>
    private static readonly JsonObject UnscreenedGround = Ground();

    private static JsonObject Ground()
    {
        var body = new JsonObject();
        foreach (var question in Questionnaire.Build([]).Where(q => q.Required))
        {
            Questionnaire.SetAnswer(body, question.Id, question.AnswerType == AnswerType.Integer ? question.Minimum : "no");
        }

        return body;
    }
}
