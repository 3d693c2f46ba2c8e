using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Tests.Assessments;
using CsCheck;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.Fhir;

/// <summary>$triage grades a QuestionnaireResponse exactly as POST /v1/assessments grades the same answers, and answers valid R4.</summary>
[Collection("api")]
public sealed class FhirTriageTests(ApiFactory factory, ITestOutputHelper output)
{
    private const int Cases = 500;

    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>The API's boundary cases; FHIR carries the grade of each finding as its severity.</summary>
    public static TheoryData<string, string, JsonNode, string> Fires
    {
        get
        {
            var data = new TheoryData<string, string, JsonNode, string>();
            foreach (var row in RuleBoundaryTests.Fires)
            {
                data.Add((string)row[0], (string)row[1], (JsonNode)row[2], (string)row[3]);
            }

            return data;
        }
    }

    public static TheoryData<string, string, JsonNode> DoesNotFire => RuleBoundaryTests.DoesNotFire;

    [Theory]
    [MemberData(nameof(Fires))]
    public async Task At_each_rules_boundary_triage_answers_as_v1_assessments(string ruleId, string path, JsonNode answer, string grade)
    {
        var parameters = await AssertSameAsV1Async(Answers.NothingWrong().With(path, answer.DeepClone()));

        var finding = Assert.Single(Findings(parameters), f => RuleOf(f).Code == ruleId);
        Assert.Equal(Severity(grade), finding.Severity.ToString());
    }

    [Theory]
    [MemberData(nameof(DoesNotFire))]
    public async Task Just_short_of_each_rules_boundary_triage_answers_as_v1_assessments(string ruleId, string path, JsonNode answer)
    {
        var parameters = await AssertSameAsV1Async(Answers.NothingWrong().With(path, answer.DeepClone()));

        Assert.DoesNotContain(Findings(parameters), f => RuleOf(f).Code == ruleId);
    }

    [Fact]
    public async Task A_flat_list_of_the_answers_is_graded_as_the_nested_one()
    {
        var answers = Answers.NothingWrong().With("conditions.discProblem", "yes");
        var nested = await (await _client.TriageAsync(FhirCalls.ToQuestionnaireResponse(answers))).ReadResourceAsync<Parameters>(HttpStatusCode.OK);
        var flat = await (await _client.TriageAsync(FhirCalls.ToQuestionnaireResponse(answers, flat: true))).ReadResourceAsync<Parameters>(HttpStatusCode.OK);

        Assert.Equal(Summary(nested), Summary(flat));
    }

    [Fact]
    public async Task For_generated_answer_sets_triage_equals_v1_assessments()
    {
        var ran = 0;
        await Respondents.Valid.SampleAsync(async person =>
        {
            Interlocked.Increment(ref ran);
            await AssertSameAsV1Async(person.ToJson());
        }, iter: Cases, threads: 1, print: p => p.ToJson().ToJsonString());

        output.WriteLine($"Property cases run (FHIR): {ran} answer sets, $triage equal to POST /v1/assessments for each.");
        Assert.Equal(Cases, ran);
    }

    [Fact]
    public async Task The_answer_is_a_valid_R4_Parameters_with_a_GuidanceResponse_and_a_DetectedIssue_per_finding()
    {
        var answers = Answers.NothingWrong().With("conditions.discProblem", "yes").With("redFlags.feverOrChills", "unsure");

        var response = await _client.TriageAsync(FhirCalls.ToQuestionnaireResponse(answers));
        var parameters = await response.ReadResourceAsync<Parameters>(HttpStatusCode.OK);

        FhirValidation.AssertValid(parameters);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(["grade", "guidance", "finding", "finding"], parameters.Parameter.Select(p => p.Name));
        Assert.Equal("consult", Grade(parameters));
        var guidance = Assert.IsType<GuidanceResponse>(parameters.Parameter.Single(p => p.Name == "guidance").Resource);
        FhirValidation.AssertValid(guidance);
        Assert.Equal(GuidanceResponse.GuidanceResponseStatus.Success, guidance.Status);
        Assert.Matches("^urn:backcare:ruleset:1\\.0\\.0:sha256:[0-9a-f]{64}$", Assert.IsType<FhirUri>(guidance.Module).Value);
        var findings = Findings(parameters);
        Assert.Equal([("RF-SYSTEMIC", DetectedIssue.DetectedIssueSeverity.Moderate), ("CA-DISC", DetectedIssue.DetectedIssueSeverity.Low)],
            findings.Select(f => (RuleOf(f).Code, f.Severity!.Value)));
        Assert.All(findings, f => Assert.Equal("https://backcare.example.org/fhir/CodeSystem/rule-id", RuleOf(f).System));
        Assert.All(findings, FhirValidation.AssertValid);
        Assert.StartsWith("\"Conditions like known disc issues", findings[1].Evidence[0].Code[0].Text!, StringComparison.Ordinal);
    }

    /// <summary>Posts the answers both ways; grade, findings (rule and severity) and exercises must agree. Returns the Parameters.</summary>
    private async Task<Parameters> AssertSameAsV1Async(JsonObject answers)
    {
        var assessment = await _client.AssessAsync(answers.DeepClone());
        var parameters = await (await _client.TriageAsync(FhirCalls.ToQuestionnaireResponse(answers))).ReadResourceAsync<Parameters>(HttpStatusCode.OK);

        var expected = (assessment.Grade(),
            string.Join(",", assessment.Findings().Select(f => $"{f["ruleId"]}:{Severity(f["grade"]!.GetValue<string>())}")),
            string.Join(",", assessment.Ids("exercises")));
        Assert.Equal(expected, Summary(parameters));
        return parameters;
    }

    private static (string Grade, string Findings, string Exercises) Summary(Parameters parameters) => (
        Grade(parameters),
        string.Join(",", Findings(parameters).Select(f => $"{RuleOf(f).Code}:{f.Severity}")),
        string.Join(",", parameters.Parameter.Where(p => p.Name == "exercise").Select(p => Assert.IsType<Coding>(p.Value).Code)));

    private static string Grade(Parameters parameters) => Assert.IsType<Code>(parameters.Parameter.Single(p => p.Name == "grade").Value).Value!;

    private static Coding RuleOf(DetectedIssue finding) => Assert.Single(finding.Code!.Coding);

    private static List<DetectedIssue> Findings(Parameters parameters) =>
        [.. parameters.Parameter.Where(p => p.Name == "finding").Select(p => Assert.IsType<DetectedIssue>(p.Resource))];

    private static string Severity(string grade) => grade switch
    {
        "emergency" or "urgent" => "High",
        "consult" or "avoid_self_adjustment" => "Moderate",
        _ => "Low",
    };
}
