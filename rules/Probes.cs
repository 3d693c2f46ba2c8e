using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>Answers the rule set is checked against at load: every rule must fire for the first and none for the second.</summary>
internal static class Probes
{
    public static readonly AssessmentRequest EverythingWrong = Uniform(Answer.Yes) with
    {
        Pain = Uniform(Answer.Yes).Pain! with { DurationDays = 36500 },
        SelfAdjustment = new SelfAdjustmentAnswers { MinutesSinceLast = 0, TimesPerDay = 1000, UsesForce = Answer.Yes },
    };

    public static readonly AssessmentRequest NothingWrong = Uniform(Answer.No);

    public static readonly AssessmentRequest AllUnsure = Uniform(Answer.Unsure);

    private static AssessmentRequest Uniform(Answer a) => new()
    {
        RedFlags = new RedFlagAnswers
        {
            BladderOrBowelControlLoss = a, SaddleAnesthesia = a, FeverOrChills = a, UnexplainedWeightLoss = a,
            RadiatingNumbnessTinglingOrWeakness = a,
        },
        Conditions = new ConditionAnswers
        {
            SevereOsteoporosis = a, InflammatoryArthritis = a, RecentAcuteInjury = a, DiscProblem = a, OtherSpinalCondition = a,
        },
        Pain = new PainAnswers { DurationDays = 0, Unrelenting = a, PersistsDespiteRestOrOtc = a, SharpPainDuringMovement = a },
        SelfAdjustment = new SelfAdjustmentAnswers { MinutesSinceLast = 525600, TimesPerDay = 0, UsesForce = a },
    };
}
