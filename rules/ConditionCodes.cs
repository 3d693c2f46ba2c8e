using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>One code list: the coded diagnoses that stand for some screening answers, and where the list comes from.</summary>
public sealed record ConditionCodeList(
    string Id,
    IReadOnlyDictionary<string, Answer> Answers,
    IReadOnlyList<string> Snomed,
    IReadOnlyList<string> Icd10Cm,
    IReadOnlyList<string> Icd10,
    bool RecentOnly,
    string Source);

/// <summary>
/// The code lists of <c>condition-codes.json</c>: which coded Conditions on a person's record stand for which screening answers
/// (SNOMED CT exactly; ICD-10-CM and ICD-10 exactly or, ending in <c>*</c>, by prefix), and how recent an injury must be to count.
/// </summary>
public sealed partial class ConditionCodes
{
    public const string File = "condition-codes.json";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";

    private ConditionCodes(IReadOnlyList<ConditionCodeList> lists, int recentAcuteInjuryDays)
    {
        Lists = lists;
        RecentAcuteInjury = TimeSpan.FromDays(recentAcuteInjuryDays);
    }

    public IReadOnlyList<ConditionCodeList> Lists { get; }

    /// <summary>How recent an onset (or, without one, the recording) must be for a list marked recent-only to count.</summary>
    public TimeSpan RecentAcuteInjury { get; }

    /// <summary>The lists a coding belongs to (none for a system or code no list has).</summary>
    public IEnumerable<ConditionCodeList> Match(string? system, string? code) => code is null ? [] : system switch
    {
        Snomed => Lists.Where(l => l.Snomed.Contains(code, StringComparer.Ordinal)),
        Icd10Cm => Lists.Where(l => l.Icd10Cm.Any(pattern => Matches(pattern, code))),
        Icd10 => Lists.Where(l => l.Icd10.Any(pattern => Matches(pattern, code))),
        _ => [],
    };

    private static bool Matches(string pattern, string code) => pattern.EndsWith('*')
        ? code.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : code.Equals(pattern, StringComparison.OrdinalIgnoreCase);

    public static async Task<ConditionCodes> LoadAsync(string directory) =>
        Validate(RuleSetLoader.Parse<CodesFile>(await RuleSetLoader.ReadAsync(directory, File), File));

    private static ConditionCodes Validate(CodesFile file)
    {
        var problems = new List<string>();
        if (file.RecentAcuteInjuryDays is not (> 0 and <= 365))
        {
            problems.Add($"{File}: 'recentAcuteInjuryDays' must be a whole number of days from 1 to 365.");
        }

        var paths = AnswerPaths();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lists = new List<ConditionCodeList>();
        foreach (var (id, list) in file.Lists)
        {
            var where = $"{File}: list '{id}'";
            if (string.IsNullOrWhiteSpace(list.Source))
            {
                problems.Add($"{where} has no 'source'.");
            }

            if (list.Answers.Count == 0)
            {
                problems.Add($"{where} raises no answer.");
            }

            var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
            foreach (var (path, value) in list.Answers)
            {
                if (!paths.Contains(path))
                {
                    problems.Add($"{where}: '{path}' is not a yes/no/unsure answer of the request.");
                }
                else if (!SnakeCaseEnum<Answer>.TryParse(value, out var answer) || answer == Answer.No)
                {
                    problems.Add($"{where}: '{path}' must be raised to 'yes' or 'unsure', not '{value}'.");
                }
                else
                {
                    answers[path] = answer;
                }
            }

            Check(list.Snomed, SnomedCode(), "snomed");
            Check(list.Icd10Cm, IcdCode(), "icd10cm");
            Check(list.Icd10, IcdCode(), "icd10");
            lists.Add(new ConditionCodeList(id, answers, list.Snomed, list.Icd10Cm, list.Icd10, list.RecentOnly, list.Source));

            void Check(IReadOnlyList<string> codes, Regex shape, string system)
            {
                foreach (var code in codes)
                {
                    if (!shape.IsMatch(code))
                    {
                        problems.Add($"{where}: '{code}' is not a {system} code{(system == "snomed" ? "" : " or prefix (ending in '*')")}.");
                    }
                    else if (!seen.TryAdd($"{system}|{code}", id))
                    {
                        problems.Add($"{where}: {system} '{code}' is already in list '{seen[$"{system}|{code}"]}'.");
                    }
                }
            }
        }

        return problems.Count > 0 ? throw new RuleSetException(problems) : new ConditionCodes(lists, file.RecentAcuteInjuryDays);
    }

    /// <summary>"redFlags.saddleAnesthesia", … : the request's yes/no/unsure answers, by their JSON paths.</summary>
    private static HashSet<string> AnswerPaths() =>
        [.. typeof(AssessmentRequest).GetProperties().SelectMany(group => group.PropertyType.GetProperties()
            .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == typeof(Answer))
            .Select(p => $"{JsonNamingPolicy.CamelCase.ConvertName(group.Name)}.{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}"))];

    [GeneratedRegex("^[1-9][0-9]{5,17}$")]
    private static partial Regex SnomedCode();

    [GeneratedRegex(@"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?\*?$|^[A-Z][0-9]{2}\.[0-9A-Z]{0,3}\*$")]
    private static partial Regex IcdCode();

    private sealed record CodesFile(int RecentAcuteInjuryDays, Dictionary<string, ListFile> Lists);

    private sealed record ListFile(
        Dictionary<string, string> Answers,
        string[] Snomed,
        [property: JsonPropertyName("icd10cm")] string[] Icd10Cm,
        string[] Icd10,
        string Source,
        bool RecentOnly = false);
}
