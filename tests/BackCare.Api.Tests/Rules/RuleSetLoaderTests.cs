using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BackCare.Api.Assessments;
using BackCare.Api.Rules;
using BackCare.Api.Tests.Assessments;
using Microsoft.AspNetCore.Hosting;

namespace BackCare.Api.Tests.Rules;

/// <summary>A broken rule set never loads, and never looks like "nothing fired".</summary>
[Collection("api")]
public sealed class RuleSetLoaderTests(ApiFactory factory)
{
    [Fact]
    public async Task The_shipped_rule_set_loads_with_all_fourteen_rules()
    {
        using var files = new RuleFiles();

        var ruleSet = await files.LoadAsync();

        Assert.Equal(14, ruleSet.Rules.Count);
        Assert.Equal("1.0.0", ruleSet.Version);
        Assert.Matches("^[0-9a-f]{64}$", ruleSet.Sha256);
    }

    [Fact]
    public async Task A_broken_expression_is_rejected_naming_the_rule()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["Expression"] = "input.conditions.discProblem ==== level");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-DISC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_fires_at_the_unsure_level_without_an_unsure_answer_is_rejected()
    {
        // The unsure pass asks only the rules that read an unsure answer; this rule would be missed by it, so it never loads.
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["Expression"] = "Answered.AtLeast(input.conditions.discProblem, level) OR level == Answer.Unsure");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-DISC: fires at the unsure level when no answer is unsure; only an unsure answer may make a rule fire there.", error.Problems);
    }

    [Fact]
    public async Task A_missing_rule_id_is_rejected()
    {
        using var files = new RuleFiles().EditWorkflow(w =>
        {
            var rules = w["Rules"]!.AsArray();
            rules.Remove(rules.Single(r => r!["RuleName"]!.GetValue<string>() == "RF-CAUDA-EQUINA"));
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("RF-CAUDA-EQUINA: missing from triage.json.", error.Problems);
    }

    [Fact]
    public async Task A_duplicated_rule_id_is_rejected()
    {
        using var files = new RuleFiles().EditWorkflow(w =>
        {
            var rules = w["Rules"]!.AsArray();
            rules.Add(rules.Single(r => r!["RuleName"]!.GetValue<string>() == "CA-DISC")!.DeepClone());
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-DISC: defined 2 times.", error.Problems);
    }

    [Fact]
    public async Task A_quote_not_in_the_article_is_rejected()
    {
        using var files = new RuleFiles().EditRule("CI-OSTEOPOROSIS", r => r["Properties"]!["quote"] = "Osteoporosis is fine.");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CI-OSTEOPOROSIS: the quote is not found verbatim in the article.", error.Problems);
    }

    [Fact]
    public async Task A_misspelt_rule_property_is_rejected_rather_than_read_as_absent()
    {
        using var files = new RuleFiles().EditRule("RF-CAUDA-EQUINA", r =>
        {
            var properties = r["Properties"]!.AsObject();
            properties["gradeIfUnsre"] = properties["gradeIfUnsure"]!.DeepClone();
            properties.Remove("gradeIfUnsure");
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("RF-CAUDA-EQUINA: unknown property 'gradeIfUnsre'.", error.Problems);
    }

    [Theory]
    [InlineData("grade", "severe")]
    [InlineData("kind", "warning")]
    [InlineData("gradeIfUnsure", "maybe")]
    public async Task An_unknown_grade_or_kind_is_rejected(string property, string value)
    {
        using var files = new RuleFiles().EditRule("RF-SYSTEMIC", r => r["Properties"]![property] = value);

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith($"RF-SYSTEMIC: '{property}' is '{value}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_that_can_never_fire_is_rejected()
    {
        using var files = new RuleFiles().EditRule("RF-NEUROLOGICAL", r => r["Expression"] = "Answered.AtLeast(input.redFlags.radiatingNumbnessTinglingOrWeakness, level) AND false");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith("RF-NEUROLOGICAL: does not fire when every answer is yes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_that_fires_for_everyone_is_rejected()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["Expression"] = "true");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith("CA-DISC: fires for a person who answered no to everything", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_reading_an_unknown_question_is_rejected()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["Expression"] = "Answered.AtLeast(input.conditions.discProblems, level)");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith("CA-DISC: reads 'conditions.discProblems'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_threshold_that_is_not_a_whole_number_is_rejected()
    {
        using var files = new RuleFiles().EditWorkflow(w => w["GlobalParams"]![0]!["Expression"] = "three weeks");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("triage.json: parameter 'chronicPainDays' must be a whole number, not 'three weeks'.", error.Problems);
    }

    [Fact]
    public async Task A_threshold_change_changes_grading_and_the_hash()
    {
        using var files = new RuleFiles();
        var before = await files.LoadAsync();
        files.EditWorkflow(w => w["GlobalParams"]![0]!["Expression"] = "30");

        var after = await files.LoadAsync();

        Assert.NotEqual(before.Sha256, after.Sha256);
        var answers = Probes.NothingWrong with { Pain = Probes.NothingWrong.Pain! with { DurationDays = 25 } };
        Assert.Contains(await before.EvaluateAsync(answers), f => f.Rule.Id == "RF-CHRONIC");
        Assert.DoesNotContain(await after.EvaluateAsync(answers), f => f.Rule.Id == "RF-CHRONIC");
    }

    [Fact]
    public async Task The_hash_is_stable_for_the_same_files()
    {
        using var files = new RuleFiles();

        Assert.Equal(RuleSetLoader.Hash(files.Path), (await files.LoadAsync()).Sha256);
        Assert.Equal(RuleSetLoader.Hash(files.Path), RuleSetLoader.Hash(files.Path));
    }

    [Fact]
    public async Task A_rule_that_throws_at_run_time_is_a_500_naming_it_never_a_silent_no()
    {
        // Divides by zero only for a duration of exactly 7 days, which the load-time probes do not use.
        using var files = new RuleFiles().EditRule("RF-CHRONIC", r => r["Expression"] = "input.pain.durationDays / (input.pain.durationDays - 7) >= 0 AND input.pain.durationDays > chronicPainDays");
        using var api = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path));
        var client = api.CreateClient();

        var fine = await client.PostAssessmentAsync(Answers.NothingWrong().With("pain.durationDays", 30));
        var response = await client.PostAssessmentAsync(Answers.NothingWrong().With("pain.durationDays", 7));

        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            ["title"] = "Internal Server Error",
            ["status"] = 500,
            ["detail"] = "Rule RF-CHRONIC could not be evaluated, so no grade was produced. Do not treat this as 'safe'.",
        });
    }

    [Fact]
    public async Task An_invalid_rule_set_keeps_the_api_not_ready_and_refuses_to_grade()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["Expression"] = "input.conditions.discProblem ====");
        using var api = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path));
        var client = api.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var assessment = await client.PostAssessmentAsync(Answers.NothingWrong());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await assessment.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            ["title"] = "Service Unavailable",
            ["status"] = 503,
            ["detail"] = "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later.",
        });
        var rules = await client.GetAsync("/v1/rules");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rules.StatusCode);
    }
}
