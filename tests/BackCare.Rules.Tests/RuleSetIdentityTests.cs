using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BackCare.Rules.Tests;

/// <summary>The rule set's sha256 is the hash of its canonical form: it moves with every rule, grade, threshold and text, and with nothing else.</summary>
public sealed class RuleSetIdentityTests
{
    [Fact]
    public void The_sha256_is_the_hash_of_the_canonical_rule_set()
    {
        var ruleSet = RuleSessions.Shipped;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ruleSet.Canonical.Span)), ruleSet.Sha256);
    }

    [Fact]
    public void The_canonical_rule_set_states_every_rule_with_its_conditions_grades_and_texts()
    {
        var canonical = JsonNode.Parse(RuleSessions.Shipped.Canonical.Span)!;

        var rules = canonical["rules"]!.AsArray();
        Assert.Equal(RuleSessions.Shipped.Rules.Select(r => r.Id), rules.Select(r => r!["id"]!.GetValue<string>()));
        var cauda = rules.Single(r => r!["id"]!.GetValue<string>() == "RF-CAUDA-EQUINA")!;
        Assert.Equal("redFlags => criterion.Fires(Strongest(redFlags.BladderOrBowelControlLoss, redFlags.SaddleAnesthesia))", cauda["conditions"]![0]!.GetValue<string>());
        Assert.Equal("emergency", cauda["grade"]!.GetValue<string>());
        Assert.Equal("urgent", cauda["gradeIfUnsure"]!.GetValue<string>());
        Assert.Equal(21, canonical["thresholds"]!["chronicPainDays"]!.GetValue<int>());
        var codes = canonical["conditionCodes"]!;
        Assert.Equal(42, codes["recentAcuteInjuryDays"]!.GetValue<int>());
        var lists = codes["lists"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(lists.Order(StringComparer.Ordinal), lists);
        var unsure = codes["lists"]!.AsArray().Single(l => l!["id"]!.GetValue<string>() == "osteoporosis-without-fracture")!;
        Assert.Equal("unsure", unsure["answers"]!["conditions.severeOsteoporosis"]!.GetValue<string>());
        Assert.Equal("64859006", unsure["snomed"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Reformatting_the_files_leaves_the_sha256_as_it_is()
    {
        // Written back indented differently, with the keys of every rule in reverse order.
        using var files = new RuleFiles().Edit(f =>
        {
            foreach (var (_, rule) in f["rules"]!.AsObject())
            {
                var entries = rule!.AsObject().Reverse().Select(e => (e.Key, e.Value!.DeepClone())).ToList();
                rule.AsObject().Clear();
                foreach (var (key, value) in entries)
                {
                    rule.AsObject()[key] = value;
                }
            }
        });

        Assert.Equal(RuleSessions.Shipped.Sha256, (await files.LoadAsync()).Sha256);
    }

    public static TheoryData<string, Action<JsonObject>> Changes => new()
    {
        { "a threshold", f => f["thresholds"]!["excessiveAdjustmentsPerDay"] = 4 },
        { "a grade", f => f["rules"]!["CA-SPINAL-CONDITION"]!["grade"] = "avoid_self_adjustment" },
        { "a grade if unsure", f => f["rules"]!["RF-NEUROLOGICAL"]!["gradeIfUnsure"] = "urgent" },
        { "a quote", f => f["rules"]!["CI-OSTEOPOROSIS"]!["source"]!["quote"] = "severe osteoporosis, which increases the risk of fracture" },
        { "an advice", f => f["rules"]!["CA-DISC"]!["advice"] = "Move gently." },
        { "the version", f => f["version"] = "1.0.1" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Changing_the_data_changes_the_sha256(string what, Action<JsonObject> change)
    {
        using var files = new RuleFiles().Edit(change);

        Assert.True(RuleSessions.Shipped.Sha256 != (await files.LoadAsync()).Sha256, $"Changing {what} left the sha256 as it was.");
    }

    public static TheoryData<string, Action<JsonObject>> CodeListChanges => new()
    {
        { "a code", f => f["lists"]!["fever"]!["snomed"]!.AsArray().Add("271749004") },
        { "an answer a list raises", f => f["lists"]!["osteoporosis-without-fracture"]!["answers"]!["conditions.severeOsteoporosis"] = "yes" },
        { "the recent-injury window", f => f["recentAcuteInjuryDays"] = 28 },
    };

    [Theory]
    [MemberData(nameof(CodeListChanges))]
    public async Task Changing_a_condition_code_list_changes_the_sha256(string what, Action<JsonObject> change)
    {
        using var files = new RuleFiles().Edit(change, ConditionCodes.File);

        var changed = await files.LoadAsync();

        Assert.True(RuleSessions.Shipped.Sha256 != changed.Sha256, $"Changing {what} left the sha256 as it was.");
    }

    [Fact]
    public async Task Changing_a_rule_condition_changes_the_sha256()
    {
        using var files = new RuleFiles();

        var changed = await files.LoadAsync(FaultyRules.With<ChronicPainThatThrowsAtSevenDays>());

        Assert.NotEqual(RuleSessions.Shipped.Sha256, changed.Sha256);
    }
}
