using BackCare.Rules.Cautions;
using BackCare.Rules.Contraindications;
using BackCare.Rules.RedFlags;

namespace BackCare.Rules.Tests;

/// <summary>Each rule at its boundary, on a session of its own: fires / does not fire, and at which certainty and grade.</summary>
public sealed class RuleBoundaryTests
{
    [Theory]
    [InlineData(Answer.Yes, Answer.No, Certainty.Reported, Grade.Emergency)]
    [InlineData(Answer.No, Answer.Yes, Certainty.Reported, Grade.Emergency)]
    [InlineData(Answer.Unsure, Answer.Yes, Certainty.Reported, Grade.Emergency)]
    [InlineData(Answer.No, Answer.Unsure, Certainty.Unsure, Grade.Urgent)]
    [InlineData(Answer.No, Answer.No, null, null)]
    public void Cauda_equina_fires_on_either_sign_reported_over_unsure(Answer bladderOrBowel, Answer saddle, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<CaudaEquina>(Facts.RedFlags with { BladderOrBowelControlLoss = bladderOrBowel, SaddleAnesthesia = saddle }),
            "RF-CAUDA-EQUINA", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Answer.No, Certainty.Reported, Grade.Urgent)]
    [InlineData(Answer.No, Answer.Yes, Certainty.Reported, Grade.Urgent)]
    [InlineData(Answer.Unsure, Answer.No, Certainty.Unsure, Grade.Consult)]
    [InlineData(Answer.No, Answer.No, null, null)]
    public void Systemic_symptoms_fire_on_fever_or_weight_loss(Answer fever, Answer weightLoss, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<SystemicSymptoms>(Facts.RedFlags with { FeverOrChills = fever, UnexplainedWeightLoss = weightLoss }),
            "RF-SYSTEMIC", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported, Grade.Consult)]
    [InlineData(Answer.Unsure, Certainty.Unsure, Grade.Consult)]
    [InlineData(Answer.No, null, null)]
    public void Radiating_neurological_symptoms_need_a_consultation(Answer answer, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<NeurologicalSymptoms>(Facts.RedFlags with { RadiatingNumbnessTinglingOrWeakness = answer }),
            "RF-NEUROLOGICAL", certainty, grade);

    [Theory]
    [InlineData(22, Certainty.Reported)]
    [InlineData(21, null)]
    [InlineData(0, null)]
    public void Pain_for_more_than_21_days_is_chronic(int days, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<ChronicPain>(Facts.Pain with { DurationDays = days }), "RF-CHRONIC", certainty, certainty is null ? null : Grade.Consult);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported)]
    [InlineData(Answer.Unsure, null)]
    [InlineData(Answer.No, null)]
    [InlineData(null, null)]
    public void Unrelenting_pain_fires_on_yes_only(Answer? answer, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<UnrelentingPain>(Facts.Pain with { Unrelenting = answer }), "RF-UNRELENTING", certainty, certainty is null ? null : Grade.Consult);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported)]
    [InlineData(Answer.Unsure, null)]
    [InlineData(null, null)]
    public void Pain_that_rest_and_pain_relief_do_not_settle_fires_on_yes_only(Answer? answer, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<PainWithoutRelief>(Facts.Pain with { PersistsDespiteRestOrOtc = answer }), "RF-NO-RELIEF", certainty,
            certainty is null ? null : Grade.Consult);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported, Grade.AvoidSelfAdjustment)]
    [InlineData(Answer.Unsure, Certainty.Unsure, Grade.Caution)]
    [InlineData(Answer.No, null, null)]
    public void Severe_osteoporosis_rules_out_self_adjustment(Answer answer, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<SevereOsteoporosis>(Facts.Conditions with { SevereOsteoporosis = answer }), "CI-OSTEOPOROSIS", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported, Grade.AvoidSelfAdjustment)]
    [InlineData(Answer.Unsure, Certainty.Unsure, Grade.Caution)]
    [InlineData(Answer.No, null, null)]
    public void Inflammatory_arthritis_rules_out_self_adjustment(Answer answer, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<InflammatoryArthritis>(Facts.Conditions with { InflammatoryArthritis = answer }), "CI-INFLAMMATORY-ARTHRITIS", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported, Grade.AvoidSelfAdjustment)]
    [InlineData(Answer.Unsure, Certainty.Unsure, Grade.Caution)]
    [InlineData(Answer.No, null, null)]
    public void A_recent_acute_injury_rules_out_self_adjustment(Answer answer, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<AcuteInjury>(Facts.Conditions with { RecentAcuteInjury = answer }), "CI-ACUTE-INJURY", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported, Grade.AvoidSelfAdjustment)]
    [InlineData(Answer.Unsure, Certainty.Unsure, Grade.Caution)]
    [InlineData(Answer.No, null, null)]
    [InlineData(null, null, null)]
    public void Sharp_pain_during_movement_rules_out_self_adjustment(Answer? answer, Certainty? certainty, Grade? grade) =>
        AssertFinding(RuleSessions.Fire<SharpPain>(Facts.Pain with { SharpPainDuringMovement = answer }), "CI-SHARP-PAIN", certainty, grade);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported)]
    [InlineData(Answer.Unsure, Certainty.Unsure)]
    [InlineData(Answer.No, null)]
    public void A_disc_problem_is_a_caution(Answer answer, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<DiscProblem>(Facts.Conditions with { DiscProblem = answer }), "CA-DISC", certainty, certainty is null ? null : Grade.Caution);

    [Theory]
    [InlineData(Answer.Yes, Certainty.Reported)]
    [InlineData(Answer.Unsure, Certainty.Unsure)]
    [InlineData(Answer.No, null)]
    public void Another_spinal_condition_is_a_caution(Answer answer, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<SpinalCondition>(Facts.Conditions with { OtherSpinalCondition = answer }), "CA-SPINAL-CONDITION", certainty,
            certainty is null ? null : Grade.Caution);

    [Fact]
    public void A_pop_19_minutes_ago_is_a_caution_with_the_minute_left_to_wait()
    {
        var findings = RuleSessions.Fire<RecentCavitation>(Facts.SelfAdjustment with { MinutesSinceLast = 19 });

        var finding = Assert.Single(findings);
        Assert.Equal((Grade.Caution, Certainty.Reported), (finding.Grade, finding.Certainty));
        Assert.Contains("Wait at least 1 more minutes", finding.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(null)]
    public void A_pop_20_or_more_minutes_ago_or_not_given_is_no_caution(int? minutes) =>
        Assert.Empty(RuleSessions.Fire<RecentCavitation>(Facts.SelfAdjustment with { MinutesSinceLast = minutes }));

    [Fact]
    public void Self_adjustment_rules_have_nothing_to_match_when_the_habits_are_not_answered() =>
        Assert.Empty(RuleSessions.Fire<ExcessiveSelfAdjustment>(Facts.RedFlags, Facts.Conditions, Facts.Pain));

    [Theory]
    [InlineData(4, Answer.No, Certainty.Reported)]
    [InlineData(3, Answer.No, null)]
    [InlineData(3, Answer.Yes, Certainty.Reported)]
    [InlineData(3, Answer.Unsure, Certainty.Unsure)]
    [InlineData(4, Answer.Unsure, Certainty.Reported)]
    public void More_than_3_pops_a_day_or_force_is_excessive(int timesPerDay, Answer usesForce, Certainty? certainty) =>
        AssertFinding(RuleSessions.Fire<ExcessiveSelfAdjustment>(Facts.SelfAdjustment with { TimesPerDay = timesPerDay, UsesForce = usesForce }),
            "CA-EXCESSIVE-SELF-ADJUSTMENT", certainty, certainty is null ? null : Grade.Caution);

    private static void AssertFinding(IReadOnlyList<Finding> findings, string ruleId, Certainty? certainty, Grade? grade)
    {
        if (certainty is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        var criterion = RuleSessions.Shipped.Criteria[ruleId];
        Assert.Equal((ruleId, grade, certainty), (finding.Rule.Id, (Grade?)finding.Grade, (Certainty?)finding.Certainty));
        Assert.Equal(certainty == Certainty.Reported ? criterion.Advice : criterion.AdviceIfUnsure, finding.Advice);
    }
}
