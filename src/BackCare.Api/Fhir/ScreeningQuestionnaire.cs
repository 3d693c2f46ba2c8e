using System.Text.Json.Nodes;
using BackCare.Api.Assessments;
using Questionnaire = Hl7.Fhir.Model.Questionnaire;
using Hl7.Fhir.Model;

namespace BackCare.Api.Fhir;

/// <summary>
/// The screening questionnaire as a FHIR R4 Questionnaire, derived from the one question model behind <c>GET /v1/questions</c>:
/// a group per request section, an item per answer whose linkId is the answer's JSON path; and the reading of a
/// QuestionnaireResponse back into the assessment request's JSON.
/// </summary>
public sealed class ScreeningQuestionnaire
{
    public const string Id = "backcare-screening";
    public const string AnswerSystem = "http://terminology.hl7.org/CodeSystem/v2-0532";
    public const string SnomedSystem = "http://snomed.info/sct";
    private const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    private const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";

    /// <summary>The person's answer as a v2-0532 code: yes, no, and unsure as "asked but unknown".</summary>
    private static readonly (string Answer, string Code, string Display)[] AnswerCodes =
        [("yes", "Y", "Yes"), ("no", "N", "No"), ("unsure", "ASKU", "Asked but unknown")];

    private static readonly Dictionary<string, string> SectionTitles = new(StringComparer.Ordinal)
    {
        ["redFlags"] = "Red flags",
        ["conditions"] = "Known conditions",
        ["pain"] = "Your pain",
        ["selfAdjustment"] = "Self-adjustment habits",
    };

    /// <summary>SNOMED CT concepts the questions ask about, where one fits the question as asked.</summary>
    private static readonly Dictionary<string, (string Code, string Display)> Snomed = new(StringComparer.Ordinal)
    {
        ["redFlags.bladderOrBowelControlLoss"] = ("192970008", "Cauda equina syndrome"),
        ["redFlags.saddleAnesthesia"] = ("192970008", "Cauda equina syndrome"),
        ["redFlags.feverOrChills"] = ("386661006", "Fever"),
        ["redFlags.unexplainedWeightLoss"] = ("422868009", "Unexplained weight loss"),
        ["redFlags.radiatingNumbnessTinglingOrWeakness"] = ("23056005", "Sciatica"),
        ["conditions.inflammatoryArthritis"] = ("69896004", "Rheumatoid arthritis"),
    };

    private readonly Dictionary<string, Question> _questions;

    public ScreeningQuestionnaire(IReadOnlyList<Question> questions, string version, FhirSettings settings)
    {
        Questions = questions;
        Version = version;
        Settings = settings;
        _questions = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Question> Questions { get; }

    public string Version { get; }

    public FhirSettings Settings { get; }

    public string Url => Settings.Canonical($"Questionnaire/{Id}");

    public Questionnaire Build() => new()
    {
        Id = Id,
        Url = Url,
        Version = Version,
        Name = "BackCareScreening",
        Title = "BackCare screening before self-mobilising the back",
        Status = PublicationStatus.Active,
        SubjectType = [ResourceType.Patient],
        Description = "The questions BackCare grades before an app shows a person how to self-mobilise (\"pop\") their back. " +
                      "Each answer's linkId is its JSON path in POST /v1/assessments.",
        Item = Questions.GroupBy(q => Section(q.Id)).Select(section => new Questionnaire.ItemComponent
        {
            LinkId = section.Key,
            Text = SectionTitles.GetValueOrDefault(section.Key, section.Key),
            Type = Questionnaire.QuestionnaireItemType.Group,
            Required = section.Any(q => q.Required),
            Item = [.. section.Select(Item)],
        }).ToList(),
    };

    private Questionnaire.ItemComponent Item(Question question)
    {
        var item = new Questionnaire.ItemComponent { LinkId = question.Id, Text = question.Text, Required = question.Required };
        if (Snomed.TryGetValue(question.Id, out var concept))
        {
            item.Code = [new Coding(SnomedSystem, concept.Code, concept.Display)];
        }

        switch (question.AnswerType)
        {
            case AnswerType.Answer:
                item.Type = Questionnaire.QuestionnaireItemType.Choice;
                item.AnswerOption = [.. AnswerCodes.Select(a => new Questionnaire.AnswerOptionComponent { Value = new Coding(AnswerSystem, a.Code, a.Display) })];
                break;
            case AnswerType.Region:
                item.Type = Questionnaire.QuestionnaireItemType.Choice;
                item.AnswerOption = [.. question.AllowedValues!.Select(v => new Questionnaire.AnswerOptionComponent { Value = new Coding(Settings.RegionSystem, v, v) })];
                break;
            default:
                item.Type = Questionnaire.QuestionnaireItemType.Integer;
                item.Extension = [new Extension(MinValue, new Integer(question.Minimum)), new Extension(MaxValue, new Integer(question.Maximum))];
                break;
        }

        return item;
    }

    private static string Section(string linkId) => Assessments.Questionnaire.Split(linkId).Group;

    /// <summary>
    /// The answers of a response as the assessment request's JSON, or the issues that stop it: an unknown linkId, an answer of the
    /// wrong type or code, a repeated item or answer. Items may be nested as in the Questionnaire or flat. An item without an answer
    /// is left out, so that the request's own validation names it when it is required.
    /// </summary>
    public (JsonObject Request, List<OperationOutcome.IssueComponent> Issues, HashSet<string> Answered) Read(QuestionnaireResponse response)
    {
        var request = new JsonObject();
        var issues = new List<OperationOutcome.IssueComponent>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        if (response.Status == QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError)
        {
            issues.Add(Outcomes.Issue(OperationOutcome.IssueType.BusinessRule,
                "This QuestionnaireResponse was entered in error; its answers are not a person's and are not graded.", "QuestionnaireResponse.status"));
        }

        if (response.Questionnaire is { } canonical && canonical.Split('|')[0] != Url)
        {
            issues.Add(Outcomes.Issue(OperationOutcome.IssueType.NotSupported,
                $"This operation grades answers to {Url}, not to {canonical}.", "QuestionnaireResponse.questionnaire"));
        }

        Walk(response.Item, "QuestionnaireResponse");
        return (request, issues, answered);

        void Walk(List<QuestionnaireResponse.ItemComponent> items, string path)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var at = $"{path}.item[{i}]";
                if (item.LinkId is { } section && SectionTitles.ContainsKey(section) && item.Answer.Count == 0)
                {
                    Walk(item.Item, at);
                    continue;
                }

                if (item.LinkId is null || !_questions.TryGetValue(item.LinkId, out var question))
                {
                    issues.Add(Outcomes.Issue(OperationOutcome.IssueType.NotFound,
                        $"linkId '{item.LinkId}' is not an item of {Url}. GET /fhir/Questionnaire/{Id} lists them.", at));
                    continue;
                }

                if (!answered.Add(question.Id) || item.Answer.Count > 1 || item.Item.Count > 0)
                {
                    issues.Add(Outcomes.Issue(OperationOutcome.IssueType.Structure,
                        $"linkId '{question.Id}' takes one answer, given once.", at));
                    continue;
                }

                if (item.Answer.Count == 0)
                {
                    answered.Remove(question.Id);
                    continue;
                }

                if (Value(question, item.Answer[0].Value) is { } value)
                {
                    Assessments.Questionnaire.SetAnswer(request, question.Id, value);
                }
                else
                {
                    issues.Add(Outcomes.Issue(OperationOutcome.IssueType.CodeInvalid,
                        $"linkId '{question.Id}' {Expectation(question)}", $"{at}.answer[0]"));
                }
            }
        }
    }

    private JsonNode? Value(Question question, DataType? value) => (question.AnswerType, value) switch
    {
        (AnswerType.Answer, Coding { System: AnswerSystem } coding) => AnswerCodes.FirstOrDefault(a => a.Code == coding.Code).Answer,
        (AnswerType.Region, Coding coding) when coding.System == Settings.RegionSystem && question.AllowedValues!.Contains(coding.Code) => coding.Code,
        (AnswerType.Integer, Integer { Value: { } number }) => number,
        _ => null,
    };

    private string Expectation(Question question) => question.AnswerType switch
    {
        AnswerType.Answer => $"takes a valueCoding from {AnswerSystem}: Y, N or ASKU (unsure).",
        AnswerType.Region => $"takes a valueCoding from {Settings.RegionSystem}: {string.Join(", ", question.AllowedValues!)}.",
        _ => $"takes a valueInteger from {question.Minimum} to {question.Maximum}.",
    };
}
