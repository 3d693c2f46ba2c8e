using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>
/// The canonical rule set: everything that decides an answer, as one compact UTF-8 JSON document (camelCase, enums as their
/// snake_case names, rules in id order, thresholds by name, guidance per grade from least to most severe). Its SHA-256 is the
/// rule set's identity: a change to any rule's conditions or actions, grade, threshold or text, or to a condition code list, changes
/// it, and the formatting or key order of the data files does not. Code lists are in id order, each with its answers by path.
/// </summary>
public sealed record CanonicalRuleSet(
    string Version,
    IReadOnlyDictionary<string, int> Thresholds,
    IReadOnlyList<RuleDefinition> Rules,
    Guidance Guidance,
    CanonicalRuleSet.CodeLists ConditionCodes)
{
    public sealed record CodeLists(int RecentAcuteInjuryDays, IReadOnlyList<ConditionCodeList> Lists);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Texts are written as they are (no \u escapes for quotes or dashes), so the document reads like the files it comes from.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static ReadOnlyMemory<byte> Write(RuleSet ruleSet) => JsonSerializer.SerializeToUtf8Bytes(
        new CanonicalRuleSet(
            ruleSet.Version,
            new SortedDictionary<string, int>(RuleModelReader.Values(ruleSet.Thresholds).ToDictionary(), StringComparer.Ordinal),
            ruleSet.Rules,
            ruleSet.Guidance with { Grades = new SortedDictionary<Grade, GradeGuidance>(ruleSet.Guidance.Grades.ToDictionary()) },
            new CodeLists(
                (int)ruleSet.ConditionCodes.RecentAcuteInjury.TotalDays,
                [.. ruleSet.ConditionCodes.Lists.OrderBy(l => l.Id, StringComparer.Ordinal)
                    .Select(l => l with { Answers = new SortedDictionary<string, Answer>(l.Answers.ToDictionary(), StringComparer.Ordinal) })])),
        Options);

    public static string Hash(ReadOnlyMemory<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical.Span));
}
