using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>
/// The canonical rule set: one compact UTF-8 JSON document of everything that decides an answer — the version, the thresholds,
/// and per rule (in id order) its name, kind, conditions and actions as NRules' rule model states them, grades, texts and
/// exclusions, then the guidance per grade (least severe first) and on every answer. Its SHA-256 is the rule set's identity:
/// a change to any of these changes it, and nothing else does (not the formatting or key order of the files, not file names).
/// </summary>
internal static class CanonicalRuleSet
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Texts are written as they are (no \u escapes for quotes or dashes), so the document reads like the files it comes from.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Hash(ReadOnlyMemory<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical.Span));

    public static ReadOnlyMemory<byte> Write(RuleSet ruleSet)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("version", ruleSet.Version);
            json.WriteStartObject("thresholds");
            foreach (var (name, value) in RuleModelReader.Values(ruleSet.Thresholds).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("rules");
            foreach (var rule in ruleSet.Rules.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                WriteRule(json, rule, ruleSet.Actions[rule.Id]);
            }

            json.WriteEndArray();
            WriteGuidance(json, ruleSet.Guidance);
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDefinition rule, IReadOnlyList<string> actions)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("kind", SnakeCaseEnum<RuleKind>.NameOf(rule.Kind));
        json.WriteString("firesWhen", rule.FiresWhen);
        WriteStrings(json, "conditions", rule.Conditions);
        WriteStrings(json, "actions", actions);
        json.WriteString("grade", SnakeCaseEnum<Grade>.NameOf(rule.Grade));
        if (rule.GradeIfUnsure is { } unsure)
        {
            json.WriteString("gradeIfUnsure", SnakeCaseEnum<Grade>.NameOf(unsure));
        }
        else
        {
            json.WriteNull("gradeIfUnsure");
        }

        json.WriteString("title", rule.Title);
        json.WriteString("advice", rule.Advice);
        json.WriteString("adviceIfUnsure", rule.AdviceIfUnsure);
        json.WriteString("section", rule.Source.Section);
        json.WriteString("quote", rule.Source.Quote);
        WriteStrings(json, "excludesMovements", rule.ExcludesMovements.Select(SnakeCaseEnum<Movement>.NameOf));
        json.WriteString("exclusionReason", rule.ExclusionReason);
        json.WriteEndObject();
    }

    private static void WriteGuidance(Utf8JsonWriter json, Guidance guidance)
    {
        json.WriteStartObject("guidance");
        foreach (var grade in Enum.GetValues<Grade>())
        {
            var forGrade = guidance.Grades[grade];
            json.WriteStartObject(SnakeCaseEnum<Grade>.NameOf(grade));
            json.WriteString("headline", forGrade.Headline);
            WriteStrings(json, "advice", forGrade.Advice);
            json.WriteString("section", forGrade.Section);
            json.WriteString("quote", forGrade.Quote);
            json.WriteEndObject();
        }

        WriteStrings(json, "always", guidance.Always);
        json.WriteString("returnIf", guidance.ReturnIf);
        json.WriteString("disclaimer", guidance.Disclaimer);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
