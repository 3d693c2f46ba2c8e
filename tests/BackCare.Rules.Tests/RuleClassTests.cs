using System.Reflection;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Tests;

/// <summary>The rule classes are the contract's rules: one per rule id of section 4, in the folder of its kind.</summary>
public sealed class RuleClassTests
{
    public static TheoryData<string, string> ContractRules => new()
    {
        { "RF-CAUDA-EQUINA", "red_flag" }, { "RF-SYSTEMIC", "red_flag" }, { "RF-NEUROLOGICAL", "red_flag" }, { "RF-CHRONIC", "red_flag" },
        { "RF-UNRELENTING", "red_flag" }, { "RF-NO-RELIEF", "red_flag" },
        { "CI-OSTEOPOROSIS", "contraindication" }, { "CI-INFLAMMATORY-ARTHRITIS", "contraindication" }, { "CI-ACUTE-INJURY", "contraindication" },
        { "CI-SHARP-PAIN", "contraindication" },
        { "CA-DISC", "caution" }, { "CA-SPINAL-CONDITION", "caution" }, { "CA-RECENT-CAVITATION", "caution" }, { "CA-EXCESSIVE-SELF-ADJUSTMENT", "caution" },
    };

    [Fact]
    public void There_is_one_rule_class_per_contract_rule_id()
    {
        Assert.Equal(ContractRules.Select(r => (string)r[0]).Order(StringComparer.Ordinal), RuleSetLoader.RuleTypes.Select(t => Value<NameAttribute>(t)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ContractRules))]
    public void Each_rule_class_carries_its_kind_and_sits_in_the_folder_of_it(string id, string kind)
    {
        var type = RuleSetLoader.RuleTypes.Single(t => Value<NameAttribute>(t) == id);
        var folder = kind switch { "red_flag" => "RedFlags", "contraindication" => "Contraindications", _ => "Cautions" };

        Assert.Equal(kind, Value<TagAttribute>(type));
        Assert.Equal($"BackCare.Rules.{folder}", type.Namespace);
        Assert.Equal(kind, SnakeCaseEnum<RuleKind>.NameOf(RuleSessions.Shipped.ById[id].Kind));
        Assert.False(string.IsNullOrWhiteSpace(RuleSessions.Shipped.ById[id].FiresWhen), $"{id} has no [Description] of what it fires on.");
    }

    private static string Value<T>(Type type) where T : Attribute => Assert.Single(RuleSetLoader.AttributeValues<T>(type));
}
