using System.Text.Json.Nodes;
using BackCare.Api.Tests.Exercises;
using CsCheck;

namespace BackCare.Api.Tests.Assessments;

/// <summary>One generated person's answers; a null optional answer is left out of the request.</summary>
public sealed record Respondent(
    string[] RedFlags,
    string[] Conditions,
    int DurationDays,
    string? Unrelenting,
    string? PersistsDespiteRestOrOtc,
    string? SharpPainDuringMovement,
    string? Region,
    bool SelfAdjusts,
    int? MinutesSinceLast,
    int? TimesPerDay,
    string? UsesForce)
{
    public static readonly string[] RedFlagNames =
        ["bladderOrBowelControlLoss", "saddleAnesthesia", "feverOrChills", "unexplainedWeightLoss", "radiatingNumbnessTinglingOrWeakness"];

    public static readonly string[] ConditionNames =
        ["severeOsteoporosis", "inflammatoryArthritis", "recentAcuteInjury", "discProblem", "otherSpinalCondition"];

    public JsonObject ToJson()
    {
        var pain = new JsonObject { ["durationDays"] = DurationDays };
        Optional(pain, "unrelenting", Unrelenting);
        Optional(pain, "persistsDespiteRestOrOtc", PersistsDespiteRestOrOtc);
        Optional(pain, "sharpPainDuringMovement", SharpPainDuringMovement);
        Optional(pain, "region", Region);
        var body = new JsonObject
        {
            ["redFlags"] = Group(RedFlagNames, RedFlags),
            ["conditions"] = Group(ConditionNames, Conditions),
            ["pain"] = pain,
        };
        if (SelfAdjusts)
        {
            var self = new JsonObject();
            Optional(self, "minutesSinceLast", MinutesSinceLast);
            Optional(self, "timesPerDay", TimesPerDay);
            Optional(self, "usesForce", UsesForce);
            body["selfAdjustment"] = self;
        }

        return body;
    }

    private static JsonObject Group(string[] names, string[] answers) =>
        new(names.Select((name, i) => KeyValuePair.Create(name, (JsonNode?)answers[i])));

    private static void Optional<T>(JsonObject group, string name, T? value)
    {
        if (value is not null)
        {
            group[name] = JsonValue.Create(value);
        }
    }
}

/// <summary>Generators of valid answers, weighted towards the rules' thresholds so that boundaries are hit often.</summary>
public static class Respondents
{
    private static readonly Gen<string> Answer = Gen.OneOf("yes", "no", "unsure");

    /// <summary>Mostly "no", so that the lower grades (and the exercise lists that come with them) are as common as the grave ones.</summary>
    private static readonly Gen<string> MostlyNo = Gen.Frequency((6, "no"), (1, "yes"), (1, "unsure"));

    private static readonly Gen<int> Days = Gen.Frequency<int>((4, Gen.Int[0, 40]), (1, Gen.Int[0, 36500]), (1, Gen.OneOf(0, 21, 22, 36500)));
    private static readonly Gen<int?> Minutes = Gen.Frequency<int>((4, Gen.Int[0, 40]), (1, Gen.Int[0, 525600]), (1, Gen.OneOf(0, 19, 20, 525600))).Nullable();
    private static readonly Gen<int?> Times = Gen.Frequency<int>((4, Gen.Int[0, 6]), (1, Gen.Int[0, 1000]), (1, Gen.OneOf(3, 4, 1000))).Nullable();

    public static readonly Gen<Respondent> Valid =
        from answers in Gen.OneOf<Gen<string>>(Answer, MostlyNo)
        from redFlags in answers.Array[5]
        from conditions in answers.Array[5]
        from days in Days
        from pain in answers.Null().Array[3]
        from region in Gen.OneOf("lumbar", "thoracic").Null()
        from selfAdjusts in Gen.Bool
        from minutes in Minutes
        from times in Times
        from force in answers.Null()
        select new Respondent(redFlags, conditions, days, pain[0], pain[1], pain[2], region, selfAdjusts, minutes, times, force);
}

/// <summary>A finding as the spec's rule table (section 4) predicts it.</summary>
public sealed record ExpectedFinding(string RuleId, string Grade, string Certainty);

/// <summary>
/// The spec's rule table, written out independently of the rule set in rules/, so that a property test can
/// check every generated answer against the contract rather than against the implementation.
/// </summary>
public static class SpecTriage
{
    /// <summary>Least severe first, as the spec orders them from the other end.</summary>
    public static readonly string[] Grades = ["self_care", "caution", "avoid_self_adjustment", "consult", "urgent", "emergency"];

    public static int Severity(string grade) => Array.IndexOf(Grades, grade);

    public static IReadOnlyList<ExpectedFinding> Findings(Respondent p)
    {
        var findings = new List<ExpectedFinding>();
        void Answers(string id, string grade, string? ifUnsure, params string?[] answers)
        {
            if (answers.Contains("yes"))
            {
                findings.Add(new(id, grade, "reported"));
            }
            else if (answers.Contains("unsure") && ifUnsure is not null)
            {
                findings.Add(new(id, ifUnsure, "unsure"));
            }
        }

        void Threshold(string id, string grade, bool met)
        {
            if (met)
            {
                findings.Add(new(id, grade, "reported"));
            }
        }

        var (minutes, times, force) = p.SelfAdjusts ? (p.MinutesSinceLast, p.TimesPerDay, p.UsesForce) : (null, null, null);
        Answers("RF-CAUDA-EQUINA", "emergency", "urgent", p.RedFlags[0], p.RedFlags[1]);
        Answers("RF-SYSTEMIC", "urgent", "consult", p.RedFlags[2], p.RedFlags[3]);
        Answers("RF-NEUROLOGICAL", "consult", "consult", p.RedFlags[4]);
        Threshold("RF-CHRONIC", "consult", p.DurationDays > 21);
        Answers("RF-UNRELENTING", "consult", null, p.Unrelenting);
        Answers("RF-NO-RELIEF", "consult", null, p.PersistsDespiteRestOrOtc);
        Answers("CI-OSTEOPOROSIS", "avoid_self_adjustment", "caution", p.Conditions[0]);
        Answers("CI-INFLAMMATORY-ARTHRITIS", "avoid_self_adjustment", "caution", p.Conditions[1]);
        Answers("CI-ACUTE-INJURY", "avoid_self_adjustment", "caution", p.Conditions[2]);
        Answers("CI-SHARP-PAIN", "avoid_self_adjustment", "caution", p.SharpPainDuringMovement);
        Answers("CA-DISC", "caution", "caution", p.Conditions[3]);
        Answers("CA-SPINAL-CONDITION", "caution", "caution", p.Conditions[4]);
        Threshold("CA-RECENT-CAVITATION", "caution", minutes < 20);
        Answers("CA-EXCESSIVE-SELF-ADJUSTMENT", "caution", "caution", times > 3 ? "yes" : force);

        return findings
            .OrderByDescending(f => Severity(f.Grade))
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The exercises offered when self-adjustment is advised: the person's region, less rotations after CA-DISC.</summary>
    public static (string[] Safe, string[] Excluded) Exercises(Respondent p, IReadOnlyList<ExpectedFinding> findings)
    {
        var region = CatalogueTable.Rows.Where(r => p.Region is null || r.Region == p.Region).ToArray();
        var disc = findings.Any(f => f.RuleId == "CA-DISC");
        bool Excluded(CatalogueRow r) => disc && r.Movement == "rotation";
        return (region.Where(r => !Excluded(r)).Select(r => r.Id).ToArray(), region.Where(Excluded).Select(r => r.Id).ToArray());
    }
}
