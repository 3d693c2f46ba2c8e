using CsCheck;

namespace BackCare.Rules.Tests;

/// <summary>Invariants over many generated answer sets: a worse answer never makes the recommendation less cautious.</summary>
public sealed class GradingPropertyTests
{
    private static readonly Gen<Answer> AnyAnswer = Gen.Enum<Answer>();
    private static readonly Gen<Answer?> OptionalAnswer = Gen.OneOf(AnyAnswer.Select(a => (Answer?)a), Gen.Const((Answer?)null));

    private static readonly Gen<AssessmentRequest> Answers =
        from redFlags in Gen.Select(AnyAnswer, AnyAnswer, AnyAnswer, AnyAnswer, AnyAnswer, (a, b, c, d, e) => new RedFlagAnswers
        {
            BladderOrBowelControlLoss = a, SaddleAnesthesia = b, FeverOrChills = c, UnexplainedWeightLoss = d, RadiatingNumbnessTinglingOrWeakness = e,
        })
        from conditions in Gen.Select(AnyAnswer, AnyAnswer, AnyAnswer, AnyAnswer, AnyAnswer, (a, b, c, d, e) => new ConditionAnswers
        {
            SevereOsteoporosis = a, InflammatoryArthritis = b, RecentAcuteInjury = c, DiscProblem = d, OtherSpinalCondition = e,
        })
        from pain in Gen.Select(Gen.Int[0, 40], OptionalAnswer, OptionalAnswer, OptionalAnswer, Gen.OneOf(Gen.Const((Region?)null), Gen.Enum<Region>().Select(r => (Region?)r)),
            (days, unrelenting, noRelief, sharp, region) => new PainAnswers
            {
                DurationDays = days, Unrelenting = unrelenting, PersistsDespiteRestOrOtc = noRelief, SharpPainDuringMovement = sharp, Region = region,
            })
        from selfAdjustment in Gen.OneOf(
            Gen.Const((SelfAdjustmentAnswers?)null),
            Gen.Select(Gen.Int[0, 40].Select(m => (int?)m), Gen.Int[0, 8].Select(t => (int?)t), OptionalAnswer,
                (minutes, times, force) => (SelfAdjustmentAnswers?)new SelfAdjustmentAnswers { MinutesSinceLast = minutes, TimesPerDay = times, UsesForce = force }))
        select new AssessmentRequest { RedFlags = redFlags, Conditions = conditions, Pain = pain, SelfAdjustment = selfAdjustment };

    /// <summary>Every way to make one answer worse: no → unsure → yes, more days, fewer minutes since the last pop, more pops a day.</summary>
    private static IEnumerable<(string What, AssessmentRequest Worse)> Worsenings(AssessmentRequest a)
    {
        static Answer? Worse(Answer? answer) => answer switch { null or Answer.No => Answer.Unsure, _ => Answer.Yes };
        var r = a.RedFlags!;
        var c = a.Conditions!;
        var p = a.Pain!;
        yield return ("bladderOrBowelControlLoss", a with { RedFlags = r with { BladderOrBowelControlLoss = Worse(r.BladderOrBowelControlLoss) } });
        yield return ("saddleAnesthesia", a with { RedFlags = r with { SaddleAnesthesia = Worse(r.SaddleAnesthesia) } });
        yield return ("feverOrChills", a with { RedFlags = r with { FeverOrChills = Worse(r.FeverOrChills) } });
        yield return ("unexplainedWeightLoss", a with { RedFlags = r with { UnexplainedWeightLoss = Worse(r.UnexplainedWeightLoss) } });
        yield return ("radiatingNumbness", a with { RedFlags = r with { RadiatingNumbnessTinglingOrWeakness = Worse(r.RadiatingNumbnessTinglingOrWeakness) } });
        yield return ("severeOsteoporosis", a with { Conditions = c with { SevereOsteoporosis = Worse(c.SevereOsteoporosis) } });
        yield return ("inflammatoryArthritis", a with { Conditions = c with { InflammatoryArthritis = Worse(c.InflammatoryArthritis) } });
        yield return ("recentAcuteInjury", a with { Conditions = c with { RecentAcuteInjury = Worse(c.RecentAcuteInjury) } });
        yield return ("discProblem", a with { Conditions = c with { DiscProblem = Worse(c.DiscProblem) } });
        yield return ("otherSpinalCondition", a with { Conditions = c with { OtherSpinalCondition = Worse(c.OtherSpinalCondition) } });
        yield return ("durationDays", a with { Pain = p with { DurationDays = p.DurationDays + 5 } });
        yield return ("unrelenting", a with { Pain = p with { Unrelenting = Worse(p.Unrelenting) } });
        yield return ("persistsDespiteRestOrOtc", a with { Pain = p with { PersistsDespiteRestOrOtc = Worse(p.PersistsDespiteRestOrOtc) } });
        yield return ("sharpPainDuringMovement", a with { Pain = p with { SharpPainDuringMovement = Worse(p.SharpPainDuringMovement) } });
        if (a.SelfAdjustment is { } s)
        {
            yield return ("minutesSinceLast", a with { SelfAdjustment = s with { MinutesSinceLast = Math.Max(0, s.MinutesSinceLast!.Value - 7) } });
            yield return ("timesPerDay", a with { SelfAdjustment = s with { TimesPerDay = s.TimesPerDay + 2 } });
            yield return ("usesForce", a with { SelfAdjustment = s with { UsesForce = Worse(s.UsesForce) } });
        }
    }

    [Fact]
    public void Making_any_single_answer_worse_never_lowers_the_grade_nor_adds_a_safe_exercise()
    {
        var ruleSet = RuleSessions.Shipped;
        Answers.Sample(answers =>
        {
            var before = ruleSet.Assess(answers);
            foreach (var (what, worse) in Worsenings(answers))
            {
                var after = ruleSet.Assess(worse);
                Assert.True(after.Grade >= before.Grade, $"A worse {what} lowered the grade from {before.Grade} to {after.Grade}.");
                Assert.True(after.Exercises.All(before.Exercises.Contains), $"A worse {what} added a safe exercise.");
            }
        }, iter: 3000);
    }

    [Fact]
    public void The_grade_is_the_most_severe_finding_and_exercises_are_offered_only_below_avoid_self_adjustment()
    {
        var ruleSet = RuleSessions.Shipped;
        Answers.Sample(answers =>
        {
            var recommendation = ruleSet.Assess(answers);
            Assert.Equal(recommendation.Findings.Select(f => f.Grade).DefaultIfEmpty(Grade.SelfCare).Max(), recommendation.Grade);
            Assert.Equal(recommendation.Findings.OrderByDescending(f => f.Grade).ThenBy(f => f.Rule.Id, StringComparer.Ordinal), recommendation.Findings);
            Assert.True(recommendation.Grade <= Grade.Caution || recommendation.Exercises.Count + recommendation.Exclusions.Count == 0);
        }, iter: 2000);
    }
}
