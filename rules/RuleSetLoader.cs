using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackCare.Domain;
using NRules;
using NRules.Fluent;
using NRules.Fluent.Dsl;
using NRules.RuleModel;

namespace BackCare.Rules;

/// <summary>The rule set could not be loaded; each problem names the rule (or file) and what is wrong with it.</summary>
public sealed class RuleSetException(IReadOnlyList<string> problems)
    : Exception("The rule set is invalid: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads the rule set: reads and validates the data files of a folder (triage.json, guidance.json, condition-codes.json and the
/// article the quotes are checked against), hands each rule class its criterion and the thresholds, compiles the NRules session factory and
/// checks every rule on probe answers, which also warms the first assessment.
/// </summary>
public static class RuleSetLoader
{
    public const string RulesFile = "triage.json";
    public const string GuidanceFile = "guidance.json";
    public const string ArticleFile = "back-self-adjustment-article.txt";

    /// <summary>The rule classes of this build: one per contract rule id.</summary>
    public static IReadOnlyList<Type> RuleTypes { get; } = typeof(RuleSetLoader).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Rule)) && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        // A misspelt or repeated key in a rule file must not be read as "absent" or silently replaced.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        RespectNullableAnnotations = true,
    };

    public static Task<RuleSet> LoadAsync(string directory) => LoadAsync(directory, RuleTypes);

    /// <summary>Loads the data in <paramref name="directory"/> into the given rule classes (the tests swap one for a faulty one).</summary>
    public static async Task<RuleSet> LoadAsync(string directory, IReadOnlyList<Type> ruleTypes)
    {
        var problems = new List<string>();
        var file = Parse<RuleSetFile>(await ReadAsync(directory, RulesFile), RulesFile);
        var guidanceFile = Parse<GuidanceData>(await ReadAsync(directory, GuidanceFile), GuidanceFile);
        var article = Encoding.UTF8.GetString(await ReadAsync(directory, ArticleFile));

        if (string.IsNullOrWhiteSpace(file.Version))
        {
            problems.Add($"{RulesFile}: 'version' is missing.");
        }

        var thresholds = ReadThresholds(file.Thresholds, problems);
        var criteria = ReadCriteria(file.Rules, ruleTypes, article, problems);
        var guidance = ReadGuidance(guidanceFile, article, problems);
        var codes = await ReadCodesAsync(directory, problems);
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }

        var (models, factory) = Compile(ruleTypes, criteria, thresholds!);
        var rules = models.Select(model => Describe(model, criteria[model.Name], thresholds!)).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        var ruleSet = new RuleSet(file.Version!, thresholds!, criteria, rules, guidance, codes!, ExerciseCatalogue.Default, factory);
        Probe(ruleSet);
        return ruleSet;
    }

    /// <summary>Each rule class, given its criterion and the thresholds by NRules' rule activator, compiled into one session factory.</summary>
    internal static (IReadOnlyList<IRuleDefinition> Models, ISessionFactory Factory) Compile(
        IReadOnlyList<Type> ruleTypes, IReadOnlyDictionary<string, Criterion> criteria, Thresholds thresholds)
    {
        var repository = new RuleRepository(new DataActivator(criteria, thresholds));
        try
        {
            repository.Load(spec => spec.From(ruleTypes));
            var models = repository.GetRules().ToArray();
            return (models, new RuleCompiler().Compile(models));
        }
        catch (Exception e) when (e is RuleDefinitionException or RuleActivationException or RuleCompilationException)
        {
            var rule = e switch
            {
                RuleDefinitionException d => d.RuleTypeName,
                RuleActivationException a => a.RuleTypeName,
                RuleCompilationException c => c.RuleName,
                _ => null,
            };
            throw new RuleSetException([$"{rule ?? "(a rule)"}: does not compile: {(e.InnerException ?? e).Message}"]);
        }
    }

    private static RuleDefinition Describe(IRuleDefinition model, Criterion criterion, Thresholds thresholds)
    {
        var (conditions, actions) = RuleModelReader.Text(model);
        return new RuleDefinition(criterion.Id, criterion.Kind, criterion.Grade, criterion.GradeIfUnsure, criterion.Title, criterion.Advice,
            criterion.AdviceIfUnsure, criterion.Source, model.Description, conditions, actions, RuleModelReader.Questions(model),
            RuleModelReader.Parameters(model, thresholds), criterion.ExcludesMovements, criterion.ExclusionReason);
    }

    /// <summary>
    /// Every rule must fire when every answer is yes and every threshold exceeded, none when every answer is no, and exactly those with a
    /// gradeIfUnsure when every answer is unsure: a rule that can never fire would look exactly like "nothing fired". Every advice shown
    /// must have its number filled in. Running the probes also warms the session factory before the set is put in force.
    /// </summary>
    private static void Probe(RuleSet ruleSet)
    {
        Finding[] worst, none, unsure;
        try
        {
            worst = ruleSet.Evaluate(Probes.EverythingWrong);
            none = ruleSet.Evaluate(Probes.NothingWrong);
            unsure = ruleSet.Evaluate(Probes.AllUnsure);
        }
        catch (RuleEvaluationException e)
        {
            throw new RuleSetException([$"{string.Join(", ", e.RuleIds)}: fails on the probe answers: {e.Message}"]);
        }

        var problems = ruleSet.Rules.Where(r => worst.All(f => f.Rule.Id != r.Id))
            .Select(r => $"{r.Id}: does not fire when every answer is yes and every threshold is exceeded.")
            .Concat(none.Select(f => $"{f.Rule.Id}: fires for a person who answered no to everything."))
            .Concat(ruleSet.Rules.Where(r => r.GradeIfUnsure is not null && unsure.All(f => f.Rule.Id != r.Id))
                .Select(r => $"{r.Id}: has a gradeIfUnsure but does not fire when every answer is unsure."))
            .Concat(unsure.Where(f => f.Certainty != Certainty.Unsure).Select(f => $"{f.Rule.Id}: reports a yes when every answer is unsure."))
            .Concat(worst.Concat(unsure).Where(f => f.Advice.Contains(Criterion.ValuePlaceholder, StringComparison.Ordinal))
                .Select(f => $"{f.Rule.Id}: its advice uses {Criterion.ValuePlaceholder} but the rule gives it no number."))
            .Distinct()
            .ToList();
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }
    }

    private static Thresholds? ReadThresholds(Dictionary<string, JsonElement>? values, List<string> problems)
    {
        var names = RuleModelReader.Values(new Thresholds { ChronicPainDays = 0, CavitationMinutes = 0, ExcessiveAdjustmentsPerDay = 0 }).Keys;
        values ??= [];
        var read = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!values.TryGetValue(name, out var value))
            {
                problems.Add($"{RulesFile}: threshold '{name}' is missing.");
            }
            else if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var whole) || whole < 0)
            {
                problems.Add($"{RulesFile}: threshold '{name}' must be a whole number of 0 or more, not {value.GetRawText()}.");
            }
            else
            {
                read[name] = whole;
            }
        }

        problems.AddRange(values.Keys.Except(names).Select(name => $"{RulesFile}: '{name}' is not a threshold any rule reads."));
        return read.Count == names.Count()
            ? new Thresholds
            {
                ChronicPainDays = read["chronicPainDays"],
                CavitationMinutes = read["cavitationMinutes"],
                ExcessiveAdjustmentsPerDay = read["excessiveAdjustmentsPerDay"],
            }
            : null;
    }

    /// <summary>Every rule class has its entry in triage.json, and every entry its rule class.</summary>
    private static Dictionary<string, Criterion> ReadCriteria(Dictionary<string, CriterionFile>? entries, IReadOnlyList<Type> ruleTypes,
        string article, List<string> problems)
    {
        entries ??= [];
        var criteria = new Dictionary<string, Criterion>(StringComparer.Ordinal);
        foreach (var type in ruleTypes)
        {
            var id = RuleName(type);
            var tags = AttributeValues<TagAttribute>(type).ToArray();
            if (tags is not [var tag] || !SnakeCaseEnum<RuleKind>.TryParse(tag, out var kind))
            {
                problems.Add($"{id}: needs exactly one [Tag], one of {string.Join(", ", SnakeCaseEnum<RuleKind>.Names)}.");
                continue;
            }

            if (!entries.TryGetValue(id, out var entry))
            {
                problems.Add($"{id}: has no entry in {RulesFile}.");
            }
            else if (ReadCriterion(id, kind, entry, article, problems) is { } criterion)
            {
                criteria[id] = criterion;
            }
        }

        var ids = ruleTypes.Select(RuleName).ToList();
        problems.AddRange(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {g.Count()} rule classes carry this name."));
        problems.AddRange(entries.Keys.Except(ids).Select(id => $"{id}: an entry in {RulesFile} with no rule class of that name."));
        return criteria;
    }

    private static Criterion? ReadCriterion(string id, RuleKind kind, CriterionFile entry, string article, List<string> problems)
    {
        var count = problems.Count;

        string Text(string? value, string key)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            problems.Add($"{id}: '{key}' is missing.");
            return "";
        }

        Grade? GradeOf(string? name, string key, bool required)
        {
            if (name is null && !required)
            {
                return null;
            }

            if (SnakeCaseEnum<Grade>.TryParse(name, out var grade))
            {
                return grade;
            }

            problems.Add($"{id}: '{key}' is '{name}', not one of {string.Join(", ", SnakeCaseEnum<Grade>.Names)}.");
            return null;
        }

        var grade = GradeOf(entry.Grade, "grade", required: true);
        var gradeIfUnsure = GradeOf(entry.GradeIfUnsure, "gradeIfUnsure", required: false);
        var title = Text(entry.Title, "title");
        var advice = Text(entry.Advice, "advice");
        if (entry.AdviceIfUnsure is not null && entry.GradeIfUnsure is null)
        {
            problems.Add($"{id}: 'adviceIfUnsure' is set but 'gradeIfUnsure' is not, so it could never be shown.");
        }

        var section = Text(entry.Source?.Section, "source.section");
        var quote = Text(entry.Source?.Quote, "source.quote");
        if (quote.Length > 0 && !article.Contains(quote, StringComparison.Ordinal))
        {
            problems.Add($"{id}: the quote is not found verbatim in the article.");
        }

        if (section.Length > 0 && !IsHeading(article, section))
        {
            problems.Add($"{id}: section '{section}' is not a heading of the article.");
        }

        var excludes = new List<Movement>();
        foreach (var name in entry.ExcludesMovements ?? [])
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

        if ((entry.ExcludesMovements is { Count: > 0 }) != !string.IsNullOrWhiteSpace(entry.ExclusionReason))
        {
            problems.Add($"{id}: 'excludesMovements' and 'exclusionReason' go together: both or neither.");
        }

        return problems.Count > count
            ? null
            : new Criterion(id, kind, grade!.Value, gradeIfUnsure, title, advice, entry.AdviceIfUnsure ?? advice, new RuleSource(section, quote),
                excludes, entry.ExclusionReason);
    }

    private static Guidance ReadGuidance(GuidanceData file, string article, List<string> problems)
    {
        foreach (var grade in Enum.GetValues<Grade>())
        {
            var name = SnakeCaseEnum<Grade>.NameOf(grade);
            if (!file.Grades.TryGetValue(name, out var g))
            {
                problems.Add($"{GuidanceFile}: no guidance for grade '{name}'.");
            }
            else if (!article.Contains(g.Quote, StringComparison.Ordinal) || !IsHeading(article, g.Section))
            {
                problems.Add($"{GuidanceFile}: the source of grade '{name}' is not a verbatim quote under a heading of the article.");
            }
            else if (string.IsNullOrWhiteSpace(g.Headline) || g.Advice.Count == 0)
            {
                problems.Add($"{GuidanceFile}: grade '{name}' needs a headline and advice.");
            }
        }

        problems.AddRange(file.Grades.Keys.Where(name => !SnakeCaseEnum<Grade>.TryParse(name, out _))
            .Select(name => $"{GuidanceFile}: '{name}' is not a grade."));
        if (file.Always.Count == 0 || string.IsNullOrWhiteSpace(file.ReturnIf) || string.IsNullOrWhiteSpace(file.Disclaimer))
        {
            problems.Add($"{GuidanceFile}: 'always', 'returnIf' and 'disclaimer' are required.");
        }

        var grades = file.Grades.Where(g => SnakeCaseEnum<Grade>.TryParse(g.Key, out _))
            .ToDictionary(g => { SnakeCaseEnum<Grade>.TryParse(g.Key, out var grade); return grade; }, g => g.Value);
        return new Guidance(grades, file.Always, file.ReturnIf, file.Disclaimer);
    }

    private static string? Name(Type type) => AttributeValues<NameAttribute>(type).FirstOrDefault();

    /// <summary>The rule id a rule class carries in its [Name].</summary>
    internal static string RuleName(Type type) => Name(type) ?? type.Name;

    /// <summary>The values of NRules' [Name] and [Tag] on a rule class, read before NRules builds the rule (their properties are internal).</summary>
    internal static IEnumerable<string> AttributeValues<T>(Type type) where T : Attribute =>
        type.GetCustomAttributesData().Where(a => a.AttributeType == typeof(T)).Select(a => (string)a.ConstructorArguments[0].Value!);

    private static bool IsHeading(string article, string section) =>
        article.Split('\n').Any(line => line.Trim() == section);

    /// <summary>The condition code lists, with the other files' problems when they are invalid: one broken file does not hide another's.</summary>
    private static async Task<ConditionCodes?> ReadCodesAsync(string directory, List<string> problems)
    {
        try
        {
            return await ConditionCodes.LoadAsync(directory);
        }
        catch (RuleSetException invalid)
        {
            problems.AddRange(invalid.Problems);
            return null;
        }
    }

    internal static T Parse<T>(byte[] bytes, string file)
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

    internal static async Task<byte[]> ReadAsync(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? await File.ReadAllBytesAsync(path)
            : throw new RuleSetException([$"{file}: not found in '{directory}'."]);
    }

    /// <summary>Gives each rule class the data it asks for in its constructor: its own criterion, and the thresholds.</summary>
    private sealed class DataActivator(IReadOnlyDictionary<string, Criterion> criteria, Thresholds thresholds) : IRuleActivator
    {
        public IEnumerable<Rule> Activate(Type type)
        {
            var constructor = type.GetConstructors().Single();
            var arguments = constructor.GetParameters().Select(p =>
                p.ParameterType == typeof(Criterion) ? criteria[Name(type)!]
                : p.ParameterType == typeof(Thresholds) ? (object)thresholds
                : throw new InvalidOperationException($"{Name(type)}: a rule can be given its Criterion and the Thresholds, not a {p.ParameterType.Name}."));
            yield return (Rule)constructor.Invoke(arguments.ToArray());
        }
    }

    private sealed record RuleSetFile(string? Version, Dictionary<string, JsonElement>? Thresholds, Dictionary<string, CriterionFile>? Rules);

    private sealed record CriterionFile(
        string? Grade,
        string? GradeIfUnsure,
        string? Title,
        string? Advice,
        string? AdviceIfUnsure,
        SourceFile? Source,
        IReadOnlyList<string>? ExcludesMovements,
        string? ExclusionReason);

    private sealed record SourceFile(string? Section, string? Quote);

    private sealed record GuidanceData(
        IReadOnlyDictionary<string, GradeGuidance> Grades,
        IReadOnlyList<string> Always,
        string ReturnIf,
        string Disclaimer);
}
