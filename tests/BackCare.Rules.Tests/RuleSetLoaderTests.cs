using System.Text.Json.Nodes;

namespace BackCare.Rules.Tests;

/// <summary>The data is validated on load: every rule has its texts and every text its rule; a broken set never loads.</summary>
public sealed class RuleSetLoaderTests
{
    [Fact]
    public async Task A_broken_code_list_makes_the_whole_rule_set_invalid_and_is_named_beside_the_other_files_problems()
    {
        using var files = new RuleFiles()
            .Edit(f => f["lists"]!["fever"]!["source"] = "", ConditionCodes.File)
            .Edit(f => f["rules"]!.AsObject().Remove("RF-CAUDA-EQUINA"));

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("condition-codes.json: list 'fever' has no 'source'.", error.Problems);
        Assert.Contains("RF-CAUDA-EQUINA: has no entry in triage.json.", error.Problems);
    }

    [Fact]
    public async Task A_missing_code_list_file_makes_the_rule_set_invalid()
    {
        using var files = new RuleFiles();
        File.Delete(Path.Combine(files.Path, ConditionCodes.File));

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith("condition-codes.json: not found in", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_rule_set_loads_with_all_fourteen_rules()
    {
        var ruleSet = RuleSessions.Shipped;

        Assert.Equal(14, ruleSet.Rules.Count);
        Assert.Equal("1.0.0", ruleSet.Version);
        Assert.Equal(new Thresholds { ChronicPainDays = 21, CavitationMinutes = 20, ExcessiveAdjustmentsPerDay = 3 }, ruleSet.Thresholds);
    }

    [Fact]
    public async Task A_rule_class_without_its_entry_is_rejected()
    {
        using var files = new RuleFiles().Edit(f => f["rules"]!.AsObject().Remove("RF-CAUDA-EQUINA"));

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("RF-CAUDA-EQUINA: has no entry in triage.json.", error.Problems);
    }

    [Fact]
    public async Task An_entry_without_its_rule_class_is_rejected()
    {
        using var files = new RuleFiles().Edit(f => f["rules"]!["CA-NEW"] = f["rules"]!["CA-DISC"]!.DeepClone());

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-NEW: an entry in triage.json with no rule class of that name.", error.Problems);
    }

    [Fact]
    public async Task A_quote_not_in_the_article_is_rejected()
    {
        using var files = new RuleFiles().EditRule("CI-OSTEOPOROSIS", r => r["source"]!["quote"] = "Osteoporosis is fine.");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CI-OSTEOPOROSIS: the quote is not found verbatim in the article.", error.Problems);
    }

    [Fact]
    public async Task A_section_that_is_not_a_heading_of_the_article_is_rejected()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["source"]!["section"] = "Discs");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-DISC: section 'Discs' is not a heading of the article.", error.Problems);
    }

    [Fact]
    public async Task A_misspelt_key_is_rejected_rather_than_read_as_absent()
    {
        using var files = new RuleFiles().EditRule("RF-CAUDA-EQUINA", r =>
        {
            r["gradeIfUnsre"] = r["gradeIfUnsure"]!.DeepClone();
            r.Remove("gradeIfUnsure");
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith("triage.json: ", StringComparison.Ordinal) && p.Contains("gradeIfUnsre", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("grade", "severe")]
    [InlineData("gradeIfUnsure", "maybe")]
    public async Task An_unknown_grade_is_rejected(string key, string value)
    {
        using var files = new RuleFiles().EditRule("RF-SYSTEMIC", r => r[key] = value);

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains(error.Problems, p => p.StartsWith($"RF-SYSTEMIC: '{key}' is '{value}', not one of self_care, caution", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Advice_if_unsure_without_a_grade_if_unsure_is_rejected()
    {
        using var files = new RuleFiles().EditRule("RF-UNRELENTING", r => r["adviceIfUnsure"] = "Ask someone.");

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("RF-UNRELENTING: 'adviceIfUnsure' is set but 'gradeIfUnsure' is not, so it could never be shown.", error.Problems);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("advice")]
    public async Task A_missing_text_is_rejected_naming_the_rule(string key)
    {
        using var files = new RuleFiles().EditRule("CI-SHARP-PAIN", r => r.Remove(key));

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains($"CI-SHARP-PAIN: '{key}' is missing.", error.Problems);
    }

    [Fact]
    public async Task Excluded_movements_need_a_reason_and_known_names()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r =>
        {
            r["excludesMovements"] = new JsonArray("rotation", "twisting");
            r.Remove("exclusionReason");
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("CA-DISC: 'excludesMovements' names unknown movement 'twisting'.", error.Problems);
        Assert.Contains("CA-DISC: 'excludesMovements' and 'exclusionReason' go together: both or neither.", error.Problems);
    }

    [Theory]
    [InlineData("21.5", "21.5")]
    [InlineData("\"three weeks\"", "\"three weeks\"")]
    [InlineData("-1", "-1")]
    public async Task A_threshold_that_is_not_a_whole_number_of_0_or_more_is_rejected(string json, string shown)
    {
        using var files = new RuleFiles().Edit(f => f["thresholds"]!["chronicPainDays"] = JsonNode.Parse(json));

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains($"triage.json: threshold 'chronicPainDays' must be a whole number of 0 or more, not {shown}.", error.Problems);
    }

    [Fact]
    public async Task A_missing_or_unknown_threshold_is_rejected()
    {
        using var files = new RuleFiles().Edit(f =>
        {
            f["thresholds"]!.AsObject().Remove("cavitationMinutes");
            f["thresholds"]!["cavitationMinuets"] = 20;
        });

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("triage.json: threshold 'cavitationMinutes' is missing.", error.Problems);
        Assert.Contains("triage.json: 'cavitationMinuets' is not a threshold any rule reads.", error.Problems);
    }

    [Fact]
    public async Task Guidance_for_every_grade_is_required()
    {
        using var files = new RuleFiles().Edit(g => g["grades"]!.AsObject().Remove("urgent"), RuleSetLoader.GuidanceFile);

        var error = await Assert.ThrowsAsync<RuleSetException>(files.LoadAsync);

        Assert.Contains("guidance.json: no guidance for grade 'urgent'.", error.Problems);
    }

    [Fact]
    public async Task A_threshold_change_changes_grading()
    {
        using var files = new RuleFiles().Edit(f => f["thresholds"]!["chronicPainDays"] = 30);
        var answers = Facts.NothingWrong with { Pain = Facts.Pain with { DurationDays = 25 } };

        var after = await files.LoadAsync();

        Assert.Contains(RuleSessions.Shipped.Evaluate(answers), f => f.Rule.Id == "RF-CHRONIC");
        Assert.DoesNotContain(after.Evaluate(answers), f => f.Rule.Id == "RF-CHRONIC");
    }

    [Fact]
    public async Task A_rule_that_can_never_fire_is_rejected_for_it_would_look_like_nothing_fired()
    {
        using var files = new RuleFiles();

        var error = await Assert.ThrowsAsync<RuleSetException>(() => files.LoadAsync(FaultyRules.With<NeurologicalSymptomsThatNeverFire>()));

        Assert.Contains("RF-NEUROLOGICAL: does not fire when every answer is yes and every threshold is exceeded.", error.Problems);
        Assert.Contains("RF-NEUROLOGICAL: has a gradeIfUnsure but does not fire when every answer is unsure.", error.Problems);
    }

    [Fact]
    public async Task A_rule_that_fires_for_everyone_is_rejected()
    {
        using var files = new RuleFiles();

        var error = await Assert.ThrowsAsync<RuleSetException>(() => files.LoadAsync(FaultyRules.With<SpinalConditionForEveryone>()));

        Assert.Contains("CA-SPINAL-CONDITION: fires for a person who answered no to everything.", error.Problems);
    }
}
