using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Fhir;
using BackCare.Api.Tests.Assessments;
using BackCare.Api.Tests.Hosting;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.Fhir;

/// <summary>Bad input to $triage is an OperationOutcome naming what is wrong and where, never a 500 and never graded.</summary>
[Collection("api")]
public sealed class FhirErrorTests(ApiFactory factory, KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Non_R4_json_is_a_400_with_the_SDKs_own_issues_and_locations()
    {
        var response = await _client.PostRawFhirAsync("""{"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":1,"foo":2}]}""");

        await AssertOutcomeAsync(response, HttpStatusCode.BadRequest, Issues(
            SdkIssue("PVAL123", "Invalid literal type", "integer 1 is not the right type of literal for a string.", "QuestionnaireResponse.item[0].linkId", 81),
            SdkIssue("PVAL128", "Unknown element", "Found unknown element 'foo'.", "QuestionnaireResponse.item[0].foo", 88)));
    }

    [Theory]
    [InlineData("{nope")]
    [InlineData("[]")]
    public async Task Text_that_is_not_a_json_object_is_a_400(string body)
    {
        var response = await _client.PostRawFhirAsync(body);

        await AssertOutcomeAsync(response, HttpStatusCode.BadRequest,
            Issues(Issue("structure", "The body is not a FHIR R4 resource in JSON: it is not a JSON object with a resourceType.")));
    }

    [Fact]
    public async Task Another_resource_is_a_400_naming_its_type()
    {
        var response = await _client.TriageAsync(new Patient { Active = true });

        await AssertOutcomeAsync(response, HttpStatusCode.BadRequest,
            Issues(Issue("not-supported", "$triage takes a QuestionnaireResponse, not a Patient.", "Patient")));
    }

    [Fact]
    public async Task An_unknown_linkId_is_a_400_naming_it()
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong());
        response.Item[0].Item.Add(FhirCalls.Answered("redFlags.saddleAnaesthesia", "no"));

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest, Issues(Issue("not-found",
            "linkId 'redFlags.saddleAnaesthesia' is not an item of https://backcare.example.org/fhir/Questionnaire/backcare-screening. GET /fhir/Questionnaire/backcare-screening lists them.",
            "QuestionnaireResponse.item[0].item[5]")));
    }

    public static TheoryData<string, DataType, string> WrongAnswers => new()
    {
        { "redFlags.saddleAnesthesia", new Coding("http://terminology.hl7.org/CodeSystem/v2-0532", "MAYBE"), "takes a valueCoding from http://terminology.hl7.org/CodeSystem/v2-0532: Y, N or ASKU (unsure)." },
        { "redFlags.saddleAnesthesia", new FhirBoolean(false), "takes a valueCoding from http://terminology.hl7.org/CodeSystem/v2-0532: Y, N or ASKU (unsure)." },
        { "redFlags.saddleAnesthesia", new Coding("http://snomed.info/sct", "N"), "takes a valueCoding from http://terminology.hl7.org/CodeSystem/v2-0532: Y, N or ASKU (unsure)." },
        { "pain.durationDays", new FhirString("4"), "takes a valueInteger from 0 to 36500." },
        { "pain.region", new Coding("https://backcare.example.org/fhir/CodeSystem/spine-region", "cervical"), "takes a valueCoding from https://backcare.example.org/fhir/CodeSystem/spine-region: lumbar, thoracic." },
    };

    [Theory]
    [MemberData(nameof(WrongAnswers))]
    public async Task An_answer_of_the_wrong_type_or_code_is_a_400_naming_the_linkId(string linkId, DataType value, string expectation)
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong().With("pain.region", "lumbar"));
        var (section, index, item) = Find(response, linkId);
        item.Answer[0].Value = value;

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest,
            Issues(Issue("code-invalid", $"linkId '{linkId}' {expectation}", $"QuestionnaireResponse.item[{section}].item[{index}].answer[0]")));
    }

    [Fact]
    public async Task An_answer_out_of_range_is_a_400_naming_the_linkId()
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong().With("pain.durationDays", -1));

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest, Issues(Issue("value",
            "linkId 'pain.durationDays' is out of range: give a whole number from 0 to 36500.", "QuestionnaireResponse.item.where(linkId='pain.durationDays')")));
    }

    [Fact]
    public async Task Missing_required_answers_are_a_422_naming_each_and_never_graded()
    {
        var answers = Answers.NothingWrong().Without("redFlags.saddleAnesthesia");
        answers.Remove("conditions");
        var response = FhirCalls.ToQuestionnaireResponse(answers);
        // An item without an answer is not an answer either.
        response.Item[1].Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "pain.durationDays" });
        response.Item[1].Item.RemoveAt(0);

        string[] missing =
        [
            "redFlags.saddleAnesthesia", "conditions.severeOsteoporosis", "conditions.inflammatoryArthritis", "conditions.recentAcuteInjury",
            "conditions.discProblem", "conditions.otherSpinalCondition", "pain.durationDays",
        ];
        await AssertOutcomeAsync(await _client.TriageAsync(response), (HttpStatusCode)422, Issues([.. missing.Select(id => Issue("required",
            $"linkId '{id}' is required and has no answer. A missing answer is never read as 'no'.", $"QuestionnaireResponse.item.where(linkId='{id}')"))]));
    }

    [Fact]
    public async Task A_repeated_answer_is_a_400_naming_the_linkId()
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong());
        response.Item[0].Item.Add(FhirCalls.Answered("redFlags.feverOrChills", "yes"));

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest,
            Issues(Issue("structure", "linkId 'redFlags.feverOrChills' takes one answer, given once.", "QuestionnaireResponse.item[0].item[5]")));
    }

    [Fact]
    public async Task A_response_to_another_questionnaire_is_a_400()
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong());
        response.Questionnaire = "http://example.org/Questionnaire/phq-9";

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest, Issues(Issue("not-supported",
            "This operation grades answers to https://backcare.example.org/fhir/Questionnaire/backcare-screening, not to http://example.org/Questionnaire/phq-9.",
            "QuestionnaireResponse.questionnaire")));
    }

    [Fact]
    public async Task A_response_entered_in_error_is_a_400_and_not_graded()
    {
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong());
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError;

        await AssertOutcomeAsync(await _client.TriageAsync(response), HttpStatusCode.BadRequest, Issues(Issue("business-rule",
            "This QuestionnaireResponse was entered in error; its answers are not a person's and are not graded.", "QuestionnaireResponse.status")));
    }

    [Fact]
    public async Task A_body_that_is_not_fhir_json_is_a_415()
    {
        var response = await _client.PostRawFhirAsync(FhirJson.Serialize(FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong())), "text/plain");

        await AssertOutcomeAsync(response, HttpStatusCode.UnsupportedMediaType,
            Issues(Issue("not-supported", "Send the QuestionnaireResponse as application/fhir+json (or application/json) in UTF-8.")));
    }

    [Fact]
    public async Task Application_json_is_accepted_as_well()
    {
        var response = await _client.PostRawFhirAsync(FhirJson.Serialize(FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong())), "application/json");

        await response.ReadResourceAsync<Parameters>(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_16_KiB_is_a_413(bool chunked)
    {
        var body = FhirJson.Serialize(FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong())).Insert(1, new string(' ', 17 * 1024));

        var response = await kestrel.CreateClient().PostAsync(FhirCalls.TriagePath, Bodies.Of(System.Text.Encoding.UTF8.GetBytes(body), FhirJson.MediaType, chunked));

        await AssertOutcomeAsync(response, HttpStatusCode.RequestEntityTooLarge,
            Issues(Issue("too-costly", "The body is larger than this operation accepts (16 KiB).")));
    }

    [Fact]
    public async Task With_keys_configured_triage_needs_one_and_the_capability_statement_does_not()
    {
        var client = factory.WithWebHostBuilder(b => b.UseKeys(ApiKeyTests.Alpha)).CreateClient();

        var triage = await client.TriageAsync(FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong()));

        Assert.Equal(HttpStatusCode.Unauthorized, triage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/fhir/Questionnaire/backcare-screening")).StatusCode);
    }

    private static (int Section, int Index, QuestionnaireResponse.ItemComponent Item) Find(QuestionnaireResponse response, string linkId)
    {
        for (var s = 0; s < response.Item.Count; s++)
        {
            var index = response.Item[s].Item.FindIndex(i => i.LinkId == linkId);
            if (index >= 0)
            {
                return (s, index, response.Item[s].Item[index]);
            }
        }

        throw new InvalidOperationException($"No item {linkId}.");
    }

    private static JsonObject Issues(params JsonObject[] issues) => new() { ["resourceType"] = "OperationOutcome", ["issue"] = new JsonArray(issues) };

    private static JsonObject Issue(string code, string diagnostics, params string[] expressions)
    {
        var issue = new JsonObject { ["severity"] = "error", ["code"] = code, ["diagnostics"] = diagnostics };
        if (expressions.Length > 0)
        {
            issue["expression"] = new JsonArray([.. expressions.Select(e => (JsonNode)e)]);
        }

        return issue;
    }

    private static JsonObject SdkIssue(string code, string display, string text, string expression, int position) => new()
    {
        ["severity"] = "error",
        ["code"] = "value",
        ["details"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://firely.com/CodeSystem/ErrorMessages", ["code"] = code, ["display"] = display }),
            ["text"] = text,
        },
        ["diagnostics"] = $"{text} At {expression}, line 1, position {position}.",
        ["location"] = new JsonArray($"line 1, position {position}"),
        ["expression"] = new JsonArray(expression),
    };

    /// <summary>The whole OperationOutcome, as valid R4.</summary>
    private static async Task AssertOutcomeAsync(HttpResponseMessage response, HttpStatusCode status, JsonObject expected)
    {
        var outcome = await response.ReadResourceAsync<OperationOutcome>(status);
        var actual = JsonNode.Parse(FhirJson.Serialize(outcome))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected.ToJsonString()}\nbut got {actual.ToJsonString()}");
        FhirValidation.AssertValid(outcome);
    }
}
