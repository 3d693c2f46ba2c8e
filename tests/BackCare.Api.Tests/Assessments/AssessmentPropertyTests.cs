using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Xunit.Abstractions;

namespace BackCare.Api.Tests.Assessments;

/// <summary>Thousands of generated valid answers, each graded exactly as the spec's rule table says.</summary>
[Collection("api")]
public sealed class AssessmentPropertyTests(ApiFactory factory, ITestOutputHelper output)
{
    public const int Cases = 3000;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_valid_answer_is_a_200_graded_as_the_spec_rule_table_says()
    {
        var ran = 0;
        await Respondents.Valid.SampleAsync(async person =>
        {
            Interlocked.Increment(ref ran);
            var response = await _client.PostAssessmentAsync(person.ToJson());
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            AssertGradedAsSpecified(person, JsonNode.Parse(text)!.AsObject());
        }, iter: Cases, print: p => p.ToJson().ToJsonString());

        output.WriteLine($"Property cases run: {ran} valid assessments, every one graded as the spec's rule table says.");
        Assert.Equal(Cases, ran);
    }

    private static void AssertGradedAsSpecified(Respondent person, JsonObject assessment)
    {
        var expected = SpecTriage.Findings(person);
        var findings = assessment.Findings()
            .Select(f => new ExpectedFinding(f["ruleId"]!.GetValue<string>(), f["grade"]!.GetValue<string>(), f["certainty"]!.GetValue<string>()))
            .ToArray();
        Assert.Equal(expected, findings);

        // The grade is at least as severe as every finding, and exactly the most severe one (self_care when none fired).
        var grade = assessment.Grade();
        Assert.All(findings, f => Assert.True(SpecTriage.Severity(grade) >= SpecTriage.Severity(f.Grade), $"{f.RuleId} is {f.Grade}, above the grade {grade}."));
        Assert.Equal(findings.Length == 0 ? "self_care" : findings[0].Grade, grade);

        var advised = SpecTriage.Severity(grade) <= SpecTriage.Severity("caution");
        Assert.Equal(advised, assessment["selfAdjustmentAdvised"]!.GetValue<bool>());
        var (safe, excluded) = advised ? SpecTriage.Exercises(person, expected) : ([], []);
        Assert.Equal(safe.Order(StringComparer.Ordinal), assessment.Ids("exercises").Order(StringComparer.Ordinal));
        Assert.Equal(excluded.Order(StringComparer.Ordinal), assessment.Ids("excludedExercises").Order(StringComparer.Ordinal));
    }
}
