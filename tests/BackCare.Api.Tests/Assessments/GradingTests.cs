using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

/// <summary>How findings combine into one recommendation: the grade, the headline, the advice and the exercises.</summary>
[Collection("api")]
public sealed class GradingTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_most_severe_finding_sets_the_grade_and_findings_are_ordered_by_severity_then_id()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong()
            .With("conditions.discProblem", "yes")                 // caution
            .With("conditions.recentAcuteInjury", "yes")           // avoid_self_adjustment
            .With("pain.durationDays", 30)                         // consult (RF-CHRONIC)
            .With("pain.unrelenting", "yes")                       // consult (RF-UNRELENTING)
            .With("redFlags.feverOrChills", "yes")                 // urgent
            .With("redFlags.saddleAnesthesia", "yes"));            // emergency

        Assert.Equal("emergency", assessment.Grade());
        Assert.Equal(
            ["RF-CAUDA-EQUINA", "RF-SYSTEMIC", "RF-CHRONIC", "RF-UNRELENTING", "CI-ACUTE-INJURY", "CA-DISC"],
            assessment.FiredRuleIds());
    }

    [Fact]
    public async Task An_unsure_red_flag_outranks_a_reported_caution()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong()
            .With("redFlags.saddleAnesthesia", "unsure")
            .With("conditions.discProblem", "yes"));

        Assert.Equal("urgent", assessment.Grade());
        Assert.Equal(["RF-CAUDA-EQUINA", "CA-DISC"], assessment.FiredRuleIds());
    }

    [Theory]
    [InlineData("redFlags.saddleAnesthesia", "emergency", false)]
    [InlineData("redFlags.feverOrChills", "urgent", false)]
    [InlineData("redFlags.radiatingNumbnessTinglingOrWeakness", "consult", false)]
    [InlineData("conditions.severeOsteoporosis", "avoid_self_adjustment", false)]
    [InlineData("conditions.otherSpinalCondition", "caution", true)]
    public async Task Self_adjustment_is_advised_only_for_caution_and_self_care(string path, string grade, bool advised)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(path, "yes"));

        Assert.Equal(grade, assessment.Grade());
        Assert.Equal(advised, assessment["selfAdjustmentAdvised"]!.GetValue<bool>());
        Assert.Equal(advised, assessment.Ids("exercises").Count > 0);
        if (!advised)
        {
            Assert.Empty(assessment.Ids("excludedExercises"));
        }
    }

    [Theory]
    [InlineData("redFlags.saddleAnesthesia", "Call emergency services or go to an emergency department now.")]
    [InlineData("redFlags.unexplainedWeightLoss", "Get medical attention promptly, today if you can.")]
    [InlineData("pain.persistsDespiteRestOrOtc", "See a physical therapist, chiropractor or doctor before you self-adjust.")]
    [InlineData("pain.sharpPainDuringMovement", "Do not self-adjust your back.")]
    [InlineData("conditions.discProblem", "You can try gentle self-mobilisation, with the limits below.")]
    public async Task The_headline_matches_the_grade(string path, string headline)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(path, "yes"));

        Assert.Equal(headline, assessment["headline"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consult_advice_says_not_to_self_adjust_meanwhile()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("pain.durationDays", 60));

        Assert.Contains("Do not self-adjust your back in the meantime.", SafetyAdvice(assessment));
    }

    [Theory]
    [InlineData("redFlags.saddleAnesthesia")]
    [InlineData("conditions.discProblem")]
    [InlineData("pain.region")]
    public async Task Every_answer_reminds_that_sharp_pain_means_stop_and_lists_the_red_flags_to_come_back_for(string path)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(path, path == "pain.region" ? "lumbar" : "yes"));

        var advice = SafetyAdvice(assessment);
        Assert.Contains("Stop immediately if any movement causes sharp, sudden or shooting pain.", advice);
        var comeBack = Assert.Single(advice, a => a.StartsWith("Get medical help if you develop", StringComparison.Ordinal));
        foreach (var sign in new[] { "bladder or bowel control", "groin and inner thighs", "fever", "weight loss", "tingling", "few weeks" })
        {
            Assert.Contains(sign, comeBack, StringComparison.Ordinal);
        }

        Assert.False(string.IsNullOrWhiteSpace(assessment["disclaimer"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_disc_problem_removes_every_rotation_exercise_and_names_the_rule()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));

        Assert.Equal(["thoracic-extension-foam-roller", "double-knee-to-chest"], assessment.Ids("exercises"));
        Assert.Equal(["supine-lumbar-rotation", "seated-thoracic-twist"], assessment.Ids("excludedExercises"));
        Assert.All(assessment["excludedExercises"]!.AsArray(), e => Assert.Equal("CA-DISC", e!["ruleId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("lumbar", new[] { "double-knee-to-chest" }, new[] { "supine-lumbar-rotation" })]
    [InlineData("thoracic", new[] { "thoracic-extension-foam-roller" }, new[] { "seated-thoracic-twist" })]
    public async Task The_region_narrows_the_catalogue_before_the_disc_rule_excludes(string region, string[] safe, string[] excluded)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong()
            .With("pain.region", region).With("conditions.discProblem", "unsure"));

        Assert.Equal(safe, assessment.Ids("exercises"));
        Assert.Equal(excluded, assessment.Ids("excludedExercises"));
    }

    [Fact]
    public async Task Exercises_link_to_their_full_description()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("pain.region", "thoracic"));

        foreach (var exercise in assessment["exercises"]!.AsArray())
        {
            var href = exercise!["href"]!.GetValue<string>();
            var full = await _client.GetFromJsonAsync<JsonObject>(href);
            Assert.Equal(exercise["id"]!.GetValue<string>(), full!["id"]!.GetValue<string>());
            Assert.Equal("thoracic", exercise["region"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Each_finding_cites_the_rule_source_and_the_ruleset_stamp_matches_readiness()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("conditions.severeOsteoporosis", "yes"));
        var rule = await _client.GetFromJsonAsync<JsonObject>("/v1/rules/CI-OSTEOPOROSIS");
        var ready = await _client.GetFromJsonAsync<JsonObject>("/health/ready");

        var finding = Assert.Single(assessment.Findings());
        Assert.True(JsonNode.DeepEquals(rule!["source"], finding["source"]));
        Assert.Equal("contraindication", finding["kind"]!.GetValue<string>());
        Assert.Equal(ready!["checks"]!["rules"]!["sha256"]!.GetValue<string>(), assessment["ruleset"]!["sha256"]!.GetValue<string>());
        Assert.Equal("1.0.0", assessment["ruleset"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_assessment_gets_a_fresh_id_and_is_never_cached()
    {
        var first = await _client.PostAssessmentAsync(Answers.NothingWrong());
        var second = await _client.AssessAsync(Answers.NothingWrong());

        var firstBody = await first.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(Guid.TryParse(firstBody!["assessmentId"]!.GetValue<string>(), out var firstId));
        Assert.NotEqual(firstId, Guid.Parse(second["assessmentId"]!.GetValue<string>()));
        Assert.Contains("no-store", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> SafetyAdvice(JsonObject assessment) =>
        assessment["safetyAdvice"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
}
