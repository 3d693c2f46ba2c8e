using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

/// <summary>For every rule, the answer that just fires it and the one that just does not, with the grade and certainty of the finding.</summary>
[Collection("api")]
public sealed class RuleBoundaryTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, JsonNode, string, string> Fires => new()
    {
        // rule, path, answer, expected grade, expected certainty
        { "RF-CAUDA-EQUINA", "redFlags.bladderOrBowelControlLoss", "yes", "emergency", "reported" },
        { "RF-CAUDA-EQUINA", "redFlags.saddleAnesthesia", "yes", "emergency", "reported" },
        { "RF-CAUDA-EQUINA", "redFlags.saddleAnesthesia", "unsure", "urgent", "unsure" },
        { "RF-CAUDA-EQUINA", "redFlags.bladderOrBowelControlLoss", "unsure", "urgent", "unsure" },
        { "RF-SYSTEMIC", "redFlags.feverOrChills", "yes", "urgent", "reported" },
        { "RF-SYSTEMIC", "redFlags.unexplainedWeightLoss", "yes", "urgent", "reported" },
        { "RF-SYSTEMIC", "redFlags.feverOrChills", "unsure", "consult", "unsure" },
        { "RF-NEUROLOGICAL", "redFlags.radiatingNumbnessTinglingOrWeakness", "yes", "consult", "reported" },
        { "RF-NEUROLOGICAL", "redFlags.radiatingNumbnessTinglingOrWeakness", "unsure", "consult", "unsure" },
        { "RF-CHRONIC", "pain.durationDays", 22, "consult", "reported" },
        { "RF-UNRELENTING", "pain.unrelenting", "yes", "consult", "reported" },
        { "RF-NO-RELIEF", "pain.persistsDespiteRestOrOtc", "yes", "consult", "reported" },
        { "CI-OSTEOPOROSIS", "conditions.severeOsteoporosis", "yes", "avoid_self_adjustment", "reported" },
        { "CI-OSTEOPOROSIS", "conditions.severeOsteoporosis", "unsure", "caution", "unsure" },
        { "CI-INFLAMMATORY-ARTHRITIS", "conditions.inflammatoryArthritis", "yes", "avoid_self_adjustment", "reported" },
        { "CI-INFLAMMATORY-ARTHRITIS", "conditions.inflammatoryArthritis", "unsure", "caution", "unsure" },
        { "CI-ACUTE-INJURY", "conditions.recentAcuteInjury", "yes", "avoid_self_adjustment", "reported" },
        { "CI-ACUTE-INJURY", "conditions.recentAcuteInjury", "unsure", "caution", "unsure" },
        { "CI-SHARP-PAIN", "pain.sharpPainDuringMovement", "yes", "avoid_self_adjustment", "reported" },
        { "CI-SHARP-PAIN", "pain.sharpPainDuringMovement", "unsure", "caution", "unsure" },
        { "CA-DISC", "conditions.discProblem", "yes", "caution", "reported" },
        { "CA-DISC", "conditions.discProblem", "unsure", "caution", "unsure" },
        { "CA-SPINAL-CONDITION", "conditions.otherSpinalCondition", "yes", "caution", "reported" },
        { "CA-SPINAL-CONDITION", "conditions.otherSpinalCondition", "unsure", "caution", "unsure" },
        { "CA-RECENT-CAVITATION", "selfAdjustment.minutesSinceLast", 19, "caution", "reported" },
        { "CA-RECENT-CAVITATION", "selfAdjustment.minutesSinceLast", 0, "caution", "reported" },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "selfAdjustment.timesPerDay", 4, "caution", "reported" },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "selfAdjustment.usesForce", "yes", "caution", "reported" },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "selfAdjustment.usesForce", "unsure", "caution", "unsure" },
    };

    public static TheoryData<string, string, JsonNode> DoesNotFire => new()
    {
        { "RF-CAUDA-EQUINA", "redFlags.saddleAnesthesia", "no" },
        { "RF-SYSTEMIC", "redFlags.unexplainedWeightLoss", "no" },
        { "RF-NEUROLOGICAL", "redFlags.radiatingNumbnessTinglingOrWeakness", "no" },
        { "RF-CHRONIC", "pain.durationDays", 21 },
        { "RF-UNRELENTING", "pain.unrelenting", "unsure" },
        { "RF-UNRELENTING", "pain.unrelenting", "no" },
        { "RF-NO-RELIEF", "pain.persistsDespiteRestOrOtc", "unsure" },
        { "RF-NO-RELIEF", "pain.persistsDespiteRestOrOtc", "no" },
        { "CI-OSTEOPOROSIS", "conditions.severeOsteoporosis", "no" },
        { "CI-INFLAMMATORY-ARTHRITIS", "conditions.inflammatoryArthritis", "no" },
        { "CI-ACUTE-INJURY", "conditions.recentAcuteInjury", "no" },
        { "CI-SHARP-PAIN", "pain.sharpPainDuringMovement", "no" },
        { "CA-DISC", "conditions.discProblem", "no" },
        { "CA-SPINAL-CONDITION", "conditions.otherSpinalCondition", "no" },
        { "CA-RECENT-CAVITATION", "selfAdjustment.minutesSinceLast", 20 },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "selfAdjustment.timesPerDay", 3 },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "selfAdjustment.usesForce", "no" },
    };

    [Theory]
    [MemberData(nameof(Fires))]
    public async Task Answer_at_the_boundary_fires_the_rule_with_its_grade_and_certainty(
        string ruleId, string path, JsonNode answer, string grade, string certainty)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(path, answer));

        var finding = Assert.Single(assessment.Findings());
        Assert.Equal(ruleId, finding["ruleId"]!.GetValue<string>());
        Assert.Equal(grade, finding["grade"]!.GetValue<string>());
        Assert.Equal(certainty, finding["certainty"]!.GetValue<string>());
        Assert.Equal(grade, assessment.Grade());
    }

    [Theory]
    [MemberData(nameof(DoesNotFire))]
    public async Task Answer_just_short_of_the_boundary_fires_nothing(string ruleId, string path, JsonNode answer)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(path, answer));

        Assert.DoesNotContain(ruleId, assessment.FiredRuleIds());
        Assert.Empty(assessment.Findings());
        Assert.Equal("self_care", assessment.Grade());
    }

    [Fact]
    public async Task A_person_with_no_complaints_is_self_care_with_every_exercise()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong());

        Assert.Equal("self_care", assessment.Grade());
        Assert.True(assessment["selfAdjustmentAdvised"]!.GetValue<bool>());
        Assert.Equal(
            ["supine-lumbar-rotation", "thoracic-extension-foam-roller", "seated-thoracic-twist", "double-knee-to-chest"],
            assessment.Ids("exercises"));
        Assert.Empty(assessment.Ids("excludedExercises"));
    }

    [Theory]
    [InlineData("redFlags.bladderOrBowelControlLoss", "redFlags.saddleAnesthesia")]
    [InlineData("redFlags.saddleAnesthesia", "redFlags.bladderOrBowelControlLoss")]
    [InlineData("redFlags.feverOrChills", "redFlags.unexplainedWeightLoss")]
    public async Task A_rule_over_two_questions_is_reported_when_one_is_yes_and_the_other_unsure(string yes, string unsure)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With(yes, "yes").With(unsure, "unsure"));

        var finding = Assert.Single(assessment.Findings());
        Assert.Equal("reported", finding["certainty"]!.GetValue<string>());
    }

    [Fact]
    public async Task Excessive_self_adjustment_is_reported_when_the_count_is_over_even_if_force_is_unsure()
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong()
            .With("selfAdjustment.timesPerDay", 4).With("selfAdjustment.usesForce", "unsure"));

        var finding = Assert.Single(assessment.Findings());
        Assert.Equal("CA-EXCESSIVE-SELF-ADJUSTMENT", finding["ruleId"]!.GetValue<string>());
        Assert.Equal("reported", finding["certainty"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(5, 15)]
    [InlineData(19, 1)]
    public async Task Cavitation_advice_says_how_many_minutes_to_wait(int minutesSinceLast, int wait)
    {
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("selfAdjustment.minutesSinceLast", minutesSinceLast));

        var finding = Assert.Single(assessment.Findings());
        Assert.Contains($"Wait at least {wait} more minutes", finding["advice"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Omitted_optional_answers_count_as_no()
    {
        // Only the required answers, plus a self-adjustment object that gives a count and nothing else.
        var assessment = await _client.AssessAsync(Answers.NothingWrong().With("selfAdjustment.timesPerDay", 2));

        Assert.Empty(assessment.Findings());
        Assert.Equal("self_care", assessment.Grade());
    }
}
