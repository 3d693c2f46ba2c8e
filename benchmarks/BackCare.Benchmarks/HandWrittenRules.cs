using System.Globalization;
using BackCare.Api.Assessments;
using BackCare.Api.Rules;

namespace BackCare.Benchmarks;

/// <summary>
/// The 14 rules of rules/triage.json written out in plain C#, with the same semantics (yes or a met threshold gives the
/// rule's grade and advice, unsure gives its gradeIfUnsure and adviceIfUnsure) and the same output: the floor the rules engine's overhead is measured against.
/// </summary>
public sealed class HandWrittenRules
{
    private readonly RuleSet _ruleSet;
    private readonly int _chronicPainDays;
    private readonly int _cavitationMinutes;
    private readonly int _excessiveAdjustmentsPerDay;

    public HandWrittenRules(RuleSet ruleSet)
    {
        _ruleSet = ruleSet;
        // The thresholds come from the rule files, as the engine's do.
        _chronicPainDays = ruleSet.ById["RF-CHRONIC"].Parameters["chronicPainDays"];
        _cavitationMinutes = ruleSet.ById["CA-RECENT-CAVITATION"].Parameters["cavitationMinutes"];
        _excessiveAdjustmentsPerDay = ruleSet.ById["CA-EXCESSIVE-SELF-ADJUSTMENT"].Parameters["excessiveAdjustmentsPerDay"];
    }

    public List<Finding> Evaluate(AssessmentRequest r)
    {
        var findings = new List<Finding>();
        var redFlags = r.RedFlags!;
        var conditions = r.Conditions!;
        var pain = r.Pain!;
        var self = r.SelfAdjustment ?? SelfAdjustmentAnswers.None;

        Add(findings, "RF-CAUDA-EQUINA", Strongest(redFlags.BladderOrBowelControlLoss, redFlags.SaddleAnesthesia));
        Add(findings, "RF-SYSTEMIC", Strongest(redFlags.FeverOrChills, redFlags.UnexplainedWeightLoss));
        Add(findings, "RF-NEUROLOGICAL", Strongest(redFlags.RadiatingNumbnessTinglingOrWeakness, null));
        Add(findings, "RF-CHRONIC", Met(pain.DurationDays > _chronicPainDays));
        Add(findings, "RF-UNRELENTING", Strongest(pain.Unrelenting, null));
        Add(findings, "RF-NO-RELIEF", Strongest(pain.PersistsDespiteRestOrOtc, null));
        Add(findings, "CI-OSTEOPOROSIS", Strongest(conditions.SevereOsteoporosis, null));
        Add(findings, "CI-INFLAMMATORY-ARTHRITIS", Strongest(conditions.InflammatoryArthritis, null));
        Add(findings, "CI-ACUTE-INJURY", Strongest(conditions.RecentAcuteInjury, null));
        Add(findings, "CI-SHARP-PAIN", Strongest(pain.SharpPainDuringMovement, null));
        Add(findings, "CA-DISC", Strongest(conditions.DiscProblem, null));
        Add(findings, "CA-SPINAL-CONDITION", Strongest(conditions.OtherSpinalCondition, null));
        Add(findings, "CA-RECENT-CAVITATION", Met(self.MinutesSinceLast < _cavitationMinutes), _cavitationMinutes - self.MinutesSinceLast);
        Add(findings, "CA-EXCESSIVE-SELF-ADJUSTMENT", Strongest(self.UsesForce, Met(self.TimesPerDay > _excessiveAdjustmentsPerDay)));
        return findings;
    }

    private static Answer Strongest(Answer? a, Answer? b) => (Answer)Math.Max((int)(a ?? Answer.No), (int)(b ?? Answer.No));

    private static Answer Met(bool threshold) => threshold ? Answer.Yes : Answer.No;

    private void Add(List<Finding> findings, string id, Answer strongest, int? value = null)
    {
        var rule = _ruleSet.ById[id];
        var grade = strongest switch { Answer.Yes => rule.Grade, Answer.Unsure => rule.GradeIfUnsure, _ => null };
        if (grade is null)
        {
            return;
        }

        var advice = strongest == Answer.Yes ? rule.Advice : rule.AdviceIfUnsure;
        if (value is { } v)
        {
            advice = advice.Replace(RuleSet.ValuePlaceholder, v.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        findings.Add(new Finding(rule, grade.Value, strongest == Answer.Yes ? Certainty.Reported : Certainty.Unsure, advice));
    }
}
