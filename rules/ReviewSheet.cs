using System.Text;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>
/// The rule set as clinicians review it (rules/REVIEW.md): per rule what it fires on, its grades, advice, source and the exercises it
/// excludes, all read from the loaded rule set. Generated, never written by hand: the tests fail when the committed sheet differs.
/// </summary>
public static class ReviewSheet
{
    public const string FileName = "REVIEW.md";

    public static string Write(RuleSet ruleSet)
    {
        var md = new StringBuilder();
        md.AppendLine("# BackCare rule set: clinical review sheet").AppendLine()
            .AppendLine("Generated from the loaded rule set by `dotnet test` (`ReviewSheetTests`); do not edit it by hand. Change the rule classes")
            .AppendLine("(`rules/RedFlags`, `rules/Contraindications`, `rules/Cautions`) or their data (`rules/triage.json`, `rules/guidance.json`, `rules/condition-codes.json`) and run the tests.")
            .AppendLine()
            .AppendLine($"- Version: `{ruleSet.Version}`")
            .AppendLine($"- SHA-256 of the canonical rule set: `{ruleSet.Sha256}`")
            .AppendLine("- A rule over several answers fires *reported* if any answer is yes (or its threshold is met), else *unsure* if any is unsure and the rule has a grade if unsure.")
            .AppendLine("- The grade of an assessment is the most severe grade among the rules that fired; `self_care` when none did. Exercises are offered only for `caution` and `self_care`.")
            .AppendLine();

        md.AppendLine("## Thresholds").AppendLine().AppendLine("| parameter | value |").AppendLine("|---|---|");
        foreach (var (name, value) in RuleModelReader.Values(ruleSet.Thresholds))
        {
            md.AppendLine($"| `{name}` | {value} |");
        }

        md.AppendLine().AppendLine("## Grades, most severe first").AppendLine().AppendLine("| grade | headline |").AppendLine("|---|---|");
        foreach (var grade in Enum.GetValues<Grade>().Reverse())
        {
            md.AppendLine($"| `{SnakeCaseEnum<Grade>.NameOf(grade)}` | {ruleSet.Guidance.Grades[grade].Headline} |");
        }

        foreach (var kind in Enum.GetValues<RuleKind>())
        {
            md.AppendLine().AppendLine($"## {Heading(kind)}");
            foreach (var rule in ruleSet.Rules.Where(r => r.Kind == kind))
            {
                WriteRule(md, rule, ruleSet.Catalogue);
            }
        }

        WriteConditionCodes(md, ruleSet.ConditionCodes);
        return md.ToString();
    }

    /// <summary>The code lists CDS Hooks reads a person's record with: which coded Conditions raise which answers.</summary>
    private static void WriteConditionCodes(StringBuilder md, ConditionCodes codes)
    {
        md.AppendLine().AppendLine("## Condition codes (CDS Hooks)").AppendLine()
            .AppendLine("A Condition on the record counts when its clinicalStatus is active, recurrence or relapse and its verificationStatus is not")
            .AppendLine("refuted or entered-in-error. It raises the answers of every list one of its codings is in (never lowers one); SNOMED CT")
            .AppendLine("codes match exactly, ICD codes exactly or, ending in `*`, by prefix.")
            .AppendLine($"A list marked recent counts only with an onset (else a recordedDate) within the last {codes.RecentAcuteInjury.TotalDays} days.")
            .AppendLine().AppendLine("| list | raises | SNOMED CT | ICD-10-CM | ICD-10 | source |").AppendLine("|---|---|---|---|---|---|");
        foreach (var list in codes.Lists)
        {
            var raises = string.Join(", ", list.Answers.Select(a => $"`{a.Key}` {SnakeCaseEnum<Answer>.NameOf(a.Value)}"));
            md.AppendLine($"| `{list.Id}`{(list.RecentOnly ? " (recent)" : "")} | {raises} | {Codes(list.Snomed)} | {Codes(list.Icd10Cm)} | {Codes(list.Icd10)} | {list.Source} |");
        }

        static string Codes(IReadOnlyList<string> codes) => codes.Count == 0 ? "none" : string.Join(", ", codes.Select(c => $"`{c}`"));
    }

    private static void WriteRule(StringBuilder md, RuleDefinition rule, ExerciseCatalogue catalogue)
    {
        var excluded = catalogue.All.Where(e => rule.ExcludesMovements.Contains(e.Movement)).ToArray();
        md.AppendLine().AppendLine($"### {rule.Id}: {rule.Title}").AppendLine()
            .AppendLine("| | |").AppendLine("|---|---|")
            .AppendLine($"| Kind | `{SnakeCaseEnum<RuleKind>.NameOf(rule.Kind)}` |")
            .AppendLine($"| Fires when | {rule.FiresWhen} |")
            .AppendLine($"| Reads | {string.Join(", ", rule.Questions.Select(q => $"`{q}`"))} |")
            .AppendLine($"| Thresholds | {(rule.Parameters.Count == 0 ? "none" : string.Join(", ", rule.Parameters.Select(p => $"`{p.Key}` = {p.Value}")))} |")
            .AppendLine($"| Grade | `{SnakeCaseEnum<Grade>.NameOf(rule.Grade)}` |")
            .AppendLine($"| Grade if unsure | {(rule.GradeIfUnsure is { } unsure ? $"`{SnakeCaseEnum<Grade>.NameOf(unsure)}`" : "does not fire on unsure")} |")
            .AppendLine($"| Advice | {rule.Advice} |");
        if (rule.GradeIfUnsure is not null)
        {
            md.AppendLine($"| Advice if unsure | {rule.AdviceIfUnsure} |");
        }

        md.AppendLine($"| Excludes | {(excluded.Length == 0 ? "no exercise" : string.Join(", ", excluded.Select(e => $"{e.Name} (`{e.Id}`)")) + $": {rule.ExclusionReason}")} |")
            .AppendLine($"| Source | {rule.Source.Section}: \"{rule.Source.Quote}\" |")
            .AppendLine().AppendLine("Conditions, as NRules' rule model states them:").AppendLine().AppendLine("```");
        foreach (var condition in rule.Conditions)
        {
            md.AppendLine(condition);
        }

        md.AppendLine("```");
    }

    private static string Heading(RuleKind kind) => kind switch
    {
        RuleKind.RedFlag => "Red flags",
        RuleKind.Contraindication => "Contraindications",
        _ => "Cautions",
    };
}
