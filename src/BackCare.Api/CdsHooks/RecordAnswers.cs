using BackCare.Domain;
using BackCare.Rules;
using Hl7.Fhir.Model;

namespace BackCare.Api.CdsHooks;

/// <summary>An answer the record shows, and the code lists of the Conditions that raised it.</summary>
public sealed record RecordedAnswer(Answer Answer, IReadOnlyList<string> Lists);

/// <summary>
/// What a person's coded Conditions say about the screening answers: each Condition that is active (or a recurrence or relapse)
/// and not refuted or entered in error raises the answers of every code list one of its codings is in; a recent-only list counts
/// only with an onset, or else a recorded date, within the rule set's window. Where several raise one answer, the strongest wins.
/// </summary>
public static class RecordAnswers
{
    private const string ClinicalSystem = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string VerificationSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private static readonly string[] Counting = ["active", "recurrence", "relapse"];
    private static readonly string[] Ignored = ["refuted", "entered-in-error"];

    public static IReadOnlyDictionary<string, RecordedAnswer> From(IEnumerable<Condition> conditions, ConditionCodes codes, DateTimeOffset now)
    {
        var raised = new Dictionary<string, (Answer Answer, SortedSet<string> Lists)>(StringComparer.Ordinal);
        foreach (var condition in conditions.Where(Counts))
        {
            var lists = (condition.Code?.Coding ?? []).SelectMany(c => codes.Match(c.System, c.Code)).Distinct()
                .Where(list => !list.RecentOnly || IsRecent(condition, now, codes.RecentAcuteInjury));
            foreach (var list in lists)
            {
                foreach (var (path, answer) in list.Answers)
                {
                    var current = raised.TryGetValue(path, out var found) ? found : (Answer.No, new SortedSet<string>(StringComparer.Ordinal));
                    current.Item2.Add(list.Id);
                    raised[path] = (Answers.Strongest(current.Item1, answer), current.Item2);
                }
            }
        }

        return raised.ToDictionary(r => r.Key, r => new RecordedAnswer(r.Value.Answer, [.. r.Value.Lists]), StringComparer.Ordinal);
    }

    private static bool Counts(Condition condition) =>
        Has(condition.ClinicalStatus, ClinicalSystem, Counting) && !Has(condition.VerificationStatus, VerificationSystem, Ignored);

    private static bool Has(CodeableConcept? concept, string system, string[] codes) =>
        concept?.Coding.Any(c => c.System == system && codes.Contains(c.Code, StringComparer.Ordinal)) == true;

    /// <summary>The onset (a date, or the start of a period) or, without one, the date it was recorded, within the window before now.</summary>
    private static bool IsRecent(Condition condition, DateTimeOffset now, TimeSpan window)
    {
        var when = condition.Onset switch
        {
            FhirDateTime onset => onset.TryToDateTimeOffset(out var at) ? at : (DateTimeOffset?)null,
            Period { StartElement: { } start } => start.TryToDateTimeOffset(out var at) ? at : null,
            _ => null,
        };
        if (when is null && condition.RecordedDateElement is { } recorded && recorded.TryToDateTimeOffset(out var recordedAt))
        {
            when = recordedAt;
        }

        return when is { } date && date <= now && now - date <= window;
    }
}
