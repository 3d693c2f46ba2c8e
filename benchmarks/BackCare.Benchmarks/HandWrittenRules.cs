using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Benchmarks;

/// <summary>
/// The 14 rules written out in plain C#, with the same semantics (yes or a met threshold gives the rule's grade and advice, unsure
/// gives its gradeIfUnsure and adviceIfUnsure) and the same output: the floor the rules engine's overhead is measured against.
/// </summary>
public sealed class HandWrittenRules(RuleSet ruleSet)
{
    private readonly Thresholds _thresholds = ruleSet.Thresholds;

    public List<Finding> Evaluate(AssessmentRequest r)
    {
        var findings = new List<Finding>();
        var redFlags = r.RedFlags!;
        var conditions = r.Conditions!;
        var pain = r.Pain!;

        Add(findings, "RF-CAUDA-EQUINA", Answers.Strongest(redFlags.BladderOrBowelControlLoss, redFlags.SaddleAnesthesia));
        Add(findings, "RF-SYSTEMIC", Answers.Strongest(redFlags.FeverOrChills, redFlags.UnexplainedWeightLoss));
        Add(findings, "RF-NEUROLOGICAL", Answers.Strongest(redFlags.RadiatingNumbnessTinglingOrWeakness));
        Add(findings, "RF-CHRONIC", Answers.YesIf(pain.DurationDays > _thresholds.ChronicPainDays));
        Add(findings, "RF-UNRELENTING", Answers.Strongest(pain.Unrelenting));
        Add(findings, "RF-NO-RELIEF", Answers.Strongest(pain.PersistsDespiteRestOrOtc));
        Add(findings, "CI-OSTEOPOROSIS", Answers.Strongest(conditions.SevereOsteoporosis));
        Add(findings, "CI-INFLAMMATORY-ARTHRITIS", Answers.Strongest(conditions.InflammatoryArthritis));
        Add(findings, "CI-ACUTE-INJURY", Answers.Strongest(conditions.RecentAcuteInjury));
        Add(findings, "CI-SHARP-PAIN", Answers.Strongest(pain.SharpPainDuringMovement));
        Add(findings, "CA-DISC", Answers.Strongest(conditions.DiscProblem));
        Add(findings, "CA-SPINAL-CONDITION", Answers.Strongest(conditions.OtherSpinalCondition));
        if (r.SelfAdjustment is { } self)
        {
            Add(findings, "CA-RECENT-CAVITATION", Answers.YesIf(self.MinutesSinceLast < _thresholds.CavitationMinutes),
                _thresholds.CavitationMinutes - self.MinutesSinceLast);
            Add(findings, "CA-EXCESSIVE-SELF-ADJUSTMENT", Answers.Strongest(self.UsesForce, Answers.YesIf(self.TimesPerDay > _thresholds.ExcessiveAdjustmentsPerDay)));
        }

        return findings;
    }

    private void Add(List<Finding> findings, string id, Answer strongest, int? value = null)
    {
        var criterion = ruleSet.Criteria[id];
        if (criterion.Fires(strongest))
        {
            findings.Add(value is { } v ? criterion.Finding(strongest, v) : criterion.Finding(strongest));
        }
    }
}
