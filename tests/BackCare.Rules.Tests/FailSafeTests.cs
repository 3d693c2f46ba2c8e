namespace BackCare.Rules.Tests;

/// <summary>A rule that throws fails the assessment, naming the rule: never a partial or "nothing fired" answer.</summary>
public sealed class FailSafeTests
{
    [Fact]
    public async Task A_condition_that_throws_fails_the_assessment_naming_its_rule()
    {
        using var files = new RuleFiles();
        var ruleSet = await files.LoadAsync(FaultyRules.With<ChronicPainThatThrowsAtSevenDays>());
        var sevenDays = Facts.NothingWrong with { Pain = Facts.Pain with { DurationDays = 7 } };

        var error = Assert.Throws<RuleEvaluationException>(() => ruleSet.Assess(sevenDays));

        Assert.Equal(["RF-CHRONIC"], error.RuleIds);
        Assert.IsType<DivideByZeroException>(error.InnerException!.InnerException);
        // The failed session is dropped: the next assessment is graded as usual.
        Assert.Equal(Grade.Consult, ruleSet.Assess(Facts.NothingWrong with { Pain = Facts.Pain with { DurationDays = 30 } }).Grade);
    }

    [Fact]
    public async Task An_action_that_throws_fails_the_assessment_naming_its_rule()
    {
        using var files = new RuleFiles();
        var ruleSet = await files.LoadAsync(FaultyRules.With<DiscProblemWhoseActionThrows>());
        var answers = Facts.NothingWrong with { Conditions = Facts.Conditions with { DiscProblem = Answer.Yes, OtherSpinalCondition = Answer.Unsure } };

        var error = Assert.Throws<RuleEvaluationException>(() => ruleSet.Assess(answers));

        Assert.Equal(["CA-DISC"], error.RuleIds);
        Assert.Equal("Rule CA-DISC could not be evaluated: InvalidOperationException", error.Message);
    }

    [Fact]
    public async Task A_rule_that_throws_on_the_probe_answers_never_loads()
    {
        using var files = new RuleFiles();

        var error = await Assert.ThrowsAsync<RuleSetException>(() => files.LoadAsync(FaultyRules.With<ChronicPainThatThrowsAtProbe>()));

        Assert.Contains(error.Problems, p => p.StartsWith("RF-CHRONIC: fails on the probe answers", StringComparison.Ordinal));
    }

    [Fact]
    public void Answers_without_a_required_group_are_refused_rather_than_read_as_nothing_fired() =>
        Assert.Throws<ArgumentException>(() => RuleSessions.Shipped.Assess(Facts.NothingWrong with { RedFlags = null }));
}
