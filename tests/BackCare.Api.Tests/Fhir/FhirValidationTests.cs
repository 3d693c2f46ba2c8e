using System.Diagnostics;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BackCare.Api.Tests.Fhir;

/// <summary>The offline R4 validation helper accepts valid SDK-built resources and rejects invalid ones.</summary>
public class FhirValidationTests(ITestOutputHelper output)
{
    private const string RuleIdSystem = "https://backcare.example.org/fhir/CodeSystem/rule-id";
    private const string YesNoSystem = "http://terminology.hl7.org/CodeSystem/v2-0532";

    [Fact]
    public void An_operation_outcome_with_an_invalid_issue_is_valid() =>
        FhirValidation.AssertValid(ValidOperationOutcome());

    [Fact]
    public void Parameters_holding_a_guidance_response_a_detected_issue_a_code_and_a_coding_are_valid() =>
        FhirValidation.AssertValid(ValidParameters());

    [Fact]
    public void A_questionnaire_with_a_choice_an_integer_range_and_a_snomed_code_is_valid() =>
        FhirValidation.AssertValid(ValidQuestionnaire());

    [Fact]
    public void A_capability_statement_of_a_json_server_is_valid()
    {
        var statement = ValidCapabilityStatement();
        FhirValidation.AssertValid(statement);

        // The SDK's markdown for R4's string implementation.description is reported, as a warning.
        var outcome = FhirValidation.Validate(statement);
        output.WriteLine(FhirValidation.Describe(outcome));
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Warning
            && Where(i).Contains("CapabilityStatement.implementation[0].description", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capability_statement_with_an_unknown_interaction_is_invalid()
    {
        var statement = ValidCapabilityStatement();
        statement.Rest[0].Resource[0].Interaction[0].CodeElement = new Code<CapabilityStatement.TypeRestfulInteraction> { JsonValue = "peek" };

        AssertInvalid(statement, "CapabilityStatement.rest[0].resource[0].interaction[0].code", "'peek'");
    }

    [Fact]
    public void A_guidance_response_without_status_is_invalid()
    {
        var response = ValidGuidanceResponse();
        response.Status = null;

        AssertInvalid(response, "GuidanceResponse", "'status'");
    }

    [Fact]
    public void An_operation_outcome_without_issues_is_invalid() =>
        AssertInvalid(new OperationOutcome(), "OperationOutcome", "'issue'");

    [Fact]
    public void A_questionnaire_item_without_link_id_and_type_is_invalid()
    {
        var questionnaire = ValidQuestionnaire();
        questionnaire.Item.Add(new Questionnaire.ItemComponent { Text = "Anything else?" });

        AssertInvalid(questionnaire, "Questionnaire.item[1]", "'linkId'");
        AssertInvalid(questionnaire, "Questionnaire.item[1]", "'type'");
    }

    [Fact]
    public void A_detected_issue_with_an_unknown_status_is_invalid()
    {
        var issue = ValidDetectedIssue();
        issue.StatusElement = new Code<ObservationStatus> { JsonValue = "resolved-ish" };

        AssertInvalid(issue, "DetectedIssue.status", "'resolved-ish'");
    }

    [Fact]
    public void An_operation_outcome_with_an_unknown_issue_code_is_invalid()
    {
        var outcome = ValidOperationOutcome();
        outcome.Issue[0].CodeElement = new Code<OperationOutcome.IssueType> { JsonValue = "not-an-issue-type" };

        AssertInvalid(outcome, "OperationOutcome.issue[0].code", "'not-an-issue-type'");
    }

    [Fact]
    public void Validation_is_slow_once_and_fast_afterwards()
    {
        // Whichever test of the run validates first pays for the setup; the helper records that first call.
        var watch = Stopwatch.StartNew();
        var first = FhirValidation.Validate(ValidParameters());
        var firstHere = watch.Elapsed;

        watch.Restart();
        var again = FhirValidation.Validate(ValidParameters());
        var warm = watch.Elapsed;

        Assert.Empty(FhirValidation.Errors(first));
        Assert.Empty(FhirValidation.Errors(again));
        Assert.NotNull(FhirValidation.FirstValidationDuration);
        output.WriteLine($"Validator setup (resolver + terminology over specification.zip): {Ms(FhirValidation.SetupDuration)}");
        output.WriteLine($"First validation of the run (cold: setup, zip extraction and indexing, schema compilation): {Ms(FhirValidation.FirstValidationDuration)}");
        output.WriteLine($"Parameters validated in this test, first time: {Ms(firstHere)}");
        output.WriteLine($"Same Parameters validated again (warm): {Ms(warm)}");
    }

    /// <summary>Asserts an error at <paramref name="at"/> whose text mentions <paramref name="mentioning"/>, and that <see cref="FhirValidation.AssertValid"/> fails listing it.</summary>
    private void AssertInvalid(Resource resource, string at, string mentioning)
    {
        var outcome = FhirValidation.Validate(resource);
        output.WriteLine(FhirValidation.Describe(outcome));

        var errors = FhirValidation.Errors(outcome);
        Assert.True(errors.Count > 0, $"Expected errors for {resource.TypeName}, got none:\n{FhirValidation.Describe(outcome)}");
        Assert.True(
            errors.Any(i => Where(i).Contains(at, StringComparison.Ordinal) && Text(i).Contains(mentioning, StringComparison.Ordinal)),
            $"Expected an error at {at} mentioning {mentioning}:\n{FhirValidation.Describe(outcome)}");

        var failure = Assert.Throws<TrueException>(() => FhirValidation.AssertValid(resource));
        Assert.Contains($"{errors.Count} error(s)", failure.Message, StringComparison.Ordinal);
        Assert.Contains(at, failure.Message, StringComparison.Ordinal);
        Assert.Contains(mentioning, failure.Message, StringComparison.Ordinal);
    }

    private static string Where(OperationOutcome.IssueComponent issue) => string.Join(" ", issue.Expression.Concat(issue.Location));

    private static string Text(OperationOutcome.IssueComponent issue) => $"{issue.Details?.Text} {issue.Diagnostics}";

    private static string Ms(TimeSpan? duration) => duration is { } d ? $"{d.TotalMilliseconds:F0} ms" : "(not measured)";

    private static OperationOutcome ValidOperationOutcome() => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = OperationOutcome.IssueType.Invalid,
                Diagnostics = "The answer to question 'pain-score' must be between 0 and 10.",
                Expression = ["QuestionnaireResponse.item[0].answer[0].valueInteger"],
            },
        ],
    };

    private static GuidanceResponse ValidGuidanceResponse() => new()
    {
        Status = GuidanceResponse.GuidanceResponseStatus.Success,
        Module = new FhirUri("https://backcare.example.org/fhir/PlanDefinition/back-pain-triage"),
    };

    private static DetectedIssue ValidDetectedIssue() => new()
    {
        Status = ObservationStatus.Final,
        Severity = DetectedIssue.DetectedIssueSeverity.High,
        Code = new CodeableConcept(RuleIdSystem, "red-flag-cauda-equina", "Possible cauda equina syndrome"),
        Detail = "Saddle anaesthesia together with new bladder dysfunction.",
    };

    private static Parameters ValidParameters() => new()
    {
        Parameter =
        [
            new Parameters.ParameterComponent { Name = "guidance", Resource = ValidGuidanceResponse() },
            new Parameters.ParameterComponent { Name = "issue", Resource = ValidDetectedIssue() },
            new Parameters.ParameterComponent { Name = "outcome", Value = new Code("refer-urgently") },
            new Parameters.ParameterComponent { Name = "rule", Value = new Coding(RuleIdSystem, "red-flag-cauda-equina", "Possible cauda equina syndrome") },
        ],
    };

    private static CapabilityStatement ValidCapabilityStatement() => new()
    {
        Name = "BackCareApi",
        Status = PublicationStatus.Active,
        Date = "2026-01-01",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "BackCare API" },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "BackCare back pain triage" },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Resource =
                [
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Questionnaire",
                        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
                    },
                ],
            },
        ],
    };

    private static Questionnaire ValidQuestionnaire()
    {
        var painScore = new Questionnaire.ItemComponent
        {
            LinkId = "pain-score",
            Text = "How bad is the pain right now (0-10)?",
            Type = Questionnaire.QuestionnaireItemType.Integer,
            Code = [new Coding("http://snomed.info/sct", "192970008")],
        };
        painScore.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/minValue", new Integer(0)));
        painScore.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/maxValue", new Integer(10)));

        var numbness = new Questionnaire.ItemComponent
        {
            LinkId = "saddle-numbness",
            Text = "Do you have numbness between your legs?",
            Type = Questionnaire.QuestionnaireItemType.Choice,
            AnswerOption =
            [
                new Questionnaire.AnswerOptionComponent { Value = new Coding(YesNoSystem, "Y", "Yes") },
                new Questionnaire.AnswerOptionComponent { Value = new Coding(YesNoSystem, "N", "No") },
                new Questionnaire.AnswerOptionComponent { Value = new Coding(YesNoSystem, "ASKU", "Asked but no answer") },
            ],
        };

        return new Questionnaire
        {
            Url = "https://backcare.example.org/fhir/Questionnaire/back-pain-triage",
            Version = "1.0.0",
            Status = PublicationStatus.Active,
            Item =
            [
                new Questionnaire.ItemComponent
                {
                    LinkId = "symptoms",
                    Text = "Symptoms",
                    Type = Questionnaire.QuestionnaireItemType.Group,
                    Item = [numbness, painScore],
                },
            ],
        };
    }
}
