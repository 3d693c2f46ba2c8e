using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BackCare.Api.Assessments;
using BackCare.Api.Exercises;
using BackCare.Api.Infrastructure;
using RulesEngine.Models;

namespace BackCare.Api.Rules;

/// <summary>The rule set could not be loaded; the message names each rule and what is wrong with it.</summary>
public sealed class RuleSetException(IReadOnlyList<string> problems)
    : Exception("The rule set is invalid: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>A RulesEngine workflow file that also carries the rule-set version.</summary>
public sealed class TriageWorkflow : Workflow
{
    public string? Version { get; set; }
}

/// <summary>Loads <c>rules/*.json</c>, validates every rule against the contract and the article, compiles and warms it.</summary>
public static partial class RuleSetLoader
{
    public const string WorkflowFile = "triage.json";
    public const string GuidanceFileName = "guidance.json";
    public const string ArticleFile = "back-self-adjustment-article.txt";

    /// <summary>The rule ids of the v1 contract: each must be present exactly once.</summary>
    public static readonly IReadOnlyList<string> ContractRuleIds =
    [
        "RF-CAUDA-EQUINA", "RF-SYSTEMIC", "RF-NEUROLOGICAL", "RF-CHRONIC", "RF-UNRELENTING", "RF-NO-RELIEF",
        "CI-OSTEOPOROSIS", "CI-INFLAMMATORY-ARTHRITIS", "CI-ACUTE-INJURY", "CI-SHARP-PAIN",
        "CA-DISC", "CA-SPINAL-CONDITION", "CA-RECENT-CAVITATION", "CA-EXCESSIVE-SELF-ADJUSTMENT",
    ];

    private static readonly HashSet<string> KnownProperties =
        ["kind", "grade", "gradeIfUnsure", "title", "advice", "adviceIfUnsure", "section", "quote", "excludesMovements", "exclusionReason"];

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        // A misspelt key in a rule file must not be read as "absent".
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static async Task<RuleSet> LoadAsync(string directory)
    {
        var problems = new List<string>();
        var workflowBytes = await ReadAsync(directory, WorkflowFile);
        var guidanceBytes = await ReadAsync(directory, GuidanceFileName);
        var article = Encoding.UTF8.GetString(await ReadAsync(directory, ArticleFile));

        var workflow = Parse<TriageWorkflow>(workflowBytes, WorkflowFile);
        var guidanceFile = Parse<GuidanceFile>(guidanceBytes, GuidanceFileName);

        if (string.IsNullOrWhiteSpace(workflow.Version))
        {
            problems.Add($"{WorkflowFile}: 'Version' is missing.");
        }

        var parameters = ReadParameters(workflow, problems);
        var rules = workflow.Rules?.ToList() ?? [];
        NormaliseActionContexts(rules);
        var definitions = rules.Select(r => Define(r, parameters, article, problems)).OfType<RuleDefinition>().ToList();
        CheckIds(rules, problems);
        var guidance = DefineGuidance(guidanceFile, article, problems);
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }

        var ruleSet = new RuleSet(workflow.Version!, Hash((WorkflowFile, workflowBytes), (GuidanceFileName, guidanceBytes)), definitions, guidance!, workflow);
        await ProbeAsync(ruleSet);
        return ruleSet;
    }

    /// <summary>SHA-256 of the rule files in <paramref name="directory"/>, as <see cref="LoadAsync"/> stamps the set it loads from them.</summary>
    public static string Hash(string directory) => Hash(
        (WorkflowFile, File.ReadAllBytes(Path.Combine(directory, WorkflowFile))),
        (GuidanceFileName, File.ReadAllBytes(Path.Combine(directory, GuidanceFileName))));

    /// <summary>SHA-256 over each rule file's name and content, in ordinal name order: the bytes that were loaded, not a later re-read.</summary>
    private static string Hash(params (string Name, byte[] Content)[] files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            sha.AppendData(content);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// Compiles and warms every rule, and checks it can fire at all and does not fire on a person with no complaints:
    /// a rule that is always false would look exactly like "nothing fired". Nor may a rule fire at the unsure level when no
    /// answer is unsure: the unsure pass asks only the rules that read an unsure answer.
    /// </summary>
    private static async Task ProbeAsync(RuleSet ruleSet)
    {
        IReadOnlyList<Finding> worst, none;
        IEnumerable<string> unsureWithoutCause;
        try
        {
            worst = await ruleSet.EvaluateAsync(Probes.EverythingWrong);
            none = await ruleSet.EvaluateAsync(Probes.NothingWrong);
            unsureWithoutCause = await ruleSet.FiringWithoutUnsureAnswerAsync(Probes.NothingWrong);
            await ruleSet.EvaluateAsync(Probes.AllUnsure);
        }
        catch (Exception e) when (e is RuleEvaluationException or RulesEngine.Exceptions.RuleException or RulesEngine.Exceptions.ExpressionParserException)
        {
            throw new RuleSetException([$"A rule does not compile or run: {e.Message}"]);
        }

        var problems = ruleSet.Rules.Where(r => worst.All(f => f.Rule.Id != r.Id))
            .Select(r => $"{r.Id}: does not fire when every answer is yes and every threshold is exceeded; check its expression.")
            .Concat(none.Select(f => $"{f.Rule.Id}: fires for a person who answered no to everything; check its expression."))
            .Concat(unsureWithoutCause.Select(id => $"{id}: fires at the unsure level when no answer is unsure; only an unsure answer may make a rule fire there."))
            .ToList();
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }
    }

    private static RuleDefinition? Define(Rule rule, IReadOnlyDictionary<string, int> parameters, string article, List<string> problems)
    {
        var id = rule.RuleName ?? "(unnamed rule)";
        var count = problems.Count;
        var props = (rule.Properties ?? []).ToDictionary(p => p.Key, p => p.Value is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString() : p.Value?.ToString());
        foreach (var unknown in props.Keys.Where(k => !KnownProperties.Contains(k)))
        {
            problems.Add($"{id}: unknown property '{unknown}'.");
        }

        string Text(string key)
        {
            if (props.GetValueOrDefault(key) is { Length: > 0 } value)
            {
                return value;
            }

            problems.Add($"{id}: '{key}' is missing.");
            return "";
        }

        T? EnumOf<T>(string key, bool required) where T : struct, Enum
        {
            var text = props.GetValueOrDefault(key);
            if (text is null && !required)
            {
                return null;
            }

            if (SnakeCaseEnum<T>.TryParse(text, out var value))
            {
                return value;
            }

            problems.Add($"{id}: '{key}' is '{text}', not one of {string.Join(", ", SnakeCaseEnum<T>.Names)}.");
            return null;
        }

        var kind = EnumOf<RuleKind>("kind", required: true);
        var grade = EnumOf<Grade>("grade", required: true);
        var gradeIfUnsure = EnumOf<Grade>("gradeIfUnsure", required: false);
        var title = Text("title");
        var advice = Text("advice");
        var adviceIfUnsure = props.GetValueOrDefault("adviceIfUnsure");
        if (adviceIfUnsure is not null && gradeIfUnsure is null)
        {
            problems.Add($"{id}: 'adviceIfUnsure' is set but 'gradeIfUnsure' is not, so it could never be shown.");
        }

        var section = Text("section");
        var quote = Text("quote");
        if (quote.Length > 0 && !article.Contains(quote, StringComparison.Ordinal))
        {
            problems.Add($"{id}: the quote is not found verbatim in the article.");
        }

        if (section.Length > 0 && !IsHeading(article, section))
        {
            problems.Add($"{id}: section '{section}' is not a heading of the article.");
        }

        var excludes = new List<Movement>();
        foreach (var name in (props.GetValueOrDefault("excludesMovements") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (SnakeCaseEnum<Movement>.TryParse(name, out var movement))
            {
                excludes.Add(movement);
            }
            else
            {
                problems.Add($"{id}: 'excludesMovements' names unknown movement '{name}'.");
            }
        }

        var exclusionReason = props.GetValueOrDefault("exclusionReason");
        if (excludes.Count > 0 && string.IsNullOrWhiteSpace(exclusionReason))
        {
            problems.Add($"{id}: 'exclusionReason' is required when 'excludesMovements' is set.");
        }

        if (string.IsNullOrWhiteSpace(rule.Expression))
        {
            problems.Add($"{id}: 'Expression' is missing.");
        }

        var expressions = rule.Expression + " " + rule.Actions?.OnSuccess?.Context?.GetValueOrDefault(RuleSet.OutputExpressionKey);
        var questions = QuestionReference().Matches(expressions).Select(m => m.Groups[1].Value).Distinct().ToArray();
        foreach (var unknown in questions.Except(Questionnaire.Ids, StringComparer.Ordinal))
        {
            problems.Add($"{id}: reads '{unknown}', which is not a question of the request (see GET /v1/questions).");
        }

        var used = parameters.Where(p => RuleSet.ThresholdReference(p.Key).IsMatch(expressions))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (advice.Contains(RuleSet.ValuePlaceholder, StringComparison.Ordinal) && rule.Actions?.OnSuccess is null)
        {
            problems.Add($"{id}: the advice uses {RuleSet.ValuePlaceholder} but the rule has no OnSuccess output expression.");
        }

        return problems.Count > count
            ? null
            : new RuleDefinition(id, kind!.Value, grade!.Value, gradeIfUnsure, title, advice, adviceIfUnsure ?? advice, new RuleSource(section, quote),
                rule.Expression, questions, used, excludes, exclusionReason);
    }

    private static void CheckIds(List<Rule> rules, List<string> problems)
    {
        var ids = rules.Select(r => r.RuleName ?? "").ToList();
        problems.AddRange(ContractRuleIds.Where(id => !ids.Contains(id)).Select(id => $"{id}: missing from {WorkflowFile}."));
        problems.AddRange(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: defined {g.Count()} times."));
        problems.AddRange(ids.Except(ContractRuleIds).Select(id => $"{id}: not a rule id of the v1 contract."));
    }

    private static Dictionary<string, int> ReadParameters(Workflow workflow, List<string> problems)
    {
        var parameters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var param in workflow.GlobalParams ?? [])
        {
            if (int.TryParse(param.Expression, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                parameters[param.Name] = value;
            }
            else
            {
                problems.Add($"{WorkflowFile}: parameter '{param.Name}' must be a whole number, not '{param.Expression}'.");
            }
        }

        return parameters;
    }

    private static Guidance? DefineGuidance(GuidanceFile file, string article, List<string> problems)
    {
        foreach (var grade in Enum.GetValues<Grade>())
        {
            var name = SnakeCaseEnum<Grade>.NameOf(grade);
            if (!file.Grades.TryGetValue(grade, out var g))
            {
                problems.Add($"{GuidanceFileName}: no guidance for grade '{name}'.");
            }
            else if (!article.Contains(g.Quote, StringComparison.Ordinal) || !IsHeading(article, g.Section))
            {
                problems.Add($"{GuidanceFileName}: the source of grade '{name}' is not a verbatim quote under a heading of the article.");
            }
            else if (string.IsNullOrWhiteSpace(g.Headline) || g.Advice.Count == 0)
            {
                problems.Add($"{GuidanceFileName}: grade '{name}' needs a headline and advice.");
            }
        }

        if (file.Always.Count == 0 || string.IsNullOrWhiteSpace(file.ReturnIf) || string.IsNullOrWhiteSpace(file.Disclaimer))
        {
            problems.Add($"{GuidanceFileName}: 'always', 'returnIf' and 'disclaimer' are required.");
        }

        return new Guidance(file.Grades, file.Always, file.ReturnIf, file.Disclaimer);
    }

    /// <summary>RulesEngine reads an action's context values as strings; JSON strings arrive as JsonElement.</summary>
    private static void NormaliseActionContexts(IEnumerable<Rule> rules)
    {
        foreach (var context in rules.Select(r => r.Actions?.OnSuccess?.Context).OfType<Dictionary<string, object>>())
        {
            foreach (var (key, value) in context.ToArray())
            {
                context[key] = value is JsonElement e && e.ValueKind == JsonValueKind.String ? e.GetString()! : value;
            }
        }
    }

    private static bool IsHeading(string article, string section) =>
        article.Split('\n').Any(line => line.Trim() == section);

    private static T Parse<T>(byte[] bytes, string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, FileOptions) ?? throw new RuleSetException([$"{file}: empty."]);
        }
        catch (JsonException e)
        {
            throw new RuleSetException([$"{file}: {e.Message}"]);
        }
    }

    private static async Task<byte[]> ReadAsync(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? await File.ReadAllBytesAsync(path)
            : throw new RuleSetException([$"{file}: not found in '{directory}'."]);
    }

    /// <summary><c>input.redFlags.saddleAnesthesia</c> → <c>redFlags.saddleAnesthesia</c>.</summary>
    [GeneratedRegex(@"\binput\.([A-Za-z]+\.[A-Za-z]+)")]
    private static partial Regex QuestionReference();

    private sealed record GuidanceFile(
        IReadOnlyDictionary<Grade, GradeGuidance> Grades,
        IReadOnlyList<string> Always,
        string ReturnIf,
        string Disclaimer);
}
