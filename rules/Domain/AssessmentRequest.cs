using System.ComponentModel;

namespace BackCare.Domain;

/// <summary>
/// A person's answers, one group per fact the rules match. Properties are nullable so that a missing answer is reported by name
/// rather than read as "no".
/// </summary>
[Description("A person's answers to the screening questionnaire (GET /v1/questions).")]
public sealed record AssessmentRequest
{
    [Description("Warning signs that need medical care. Every answer is required.")]
    public RedFlagAnswers? RedFlags { get; init; }

    [Description("Known conditions that make self-adjustment unsafe or call for care. Every answer is required.")]
    public ConditionAnswers? Conditions { get; init; }

    [Description("The pain itself. `durationDays` is required; the rest is optional.")]
    public PainAnswers? Pain { get; init; }

    [Description("How the person self-adjusts now. Optional as a whole.")]
    public SelfAdjustmentAnswers? SelfAdjustment { get; init; }
}

[Description("Warning signs that need medical care.")]
public sealed record RedFlagAnswers
{
    [Description("Have you lost control of your bladder or bowels?")]
    public Answer? BladderOrBowelControlLoss { get; init; }

    [Description("Do you have numbness around the groin and inner thighs (saddle anaesthesia)?")]
    public Answer? SaddleAnesthesia { get; init; }

    [Description("Do you have a fever or chills?")]
    public Answer? FeverOrChills { get; init; }

    [Description("Have you lost weight without trying?")]
    public Answer? UnexplainedWeightLoss { get; init; }

    [Description("Do you have numbness, tingling or weakness that spreads down an arm or a leg?")]
    public Answer? RadiatingNumbnessTinglingOrWeakness { get; init; }
}

[Description("Known conditions.")]
public sealed record ConditionAnswers
{
    [Description("Have you been told you have severe osteoporosis?")]
    public Answer? SevereOsteoporosis { get; init; }

    [Description("Do you have an inflammatory arthritis, such as rheumatoid arthritis?")]
    public Answer? InflammatoryArthritis { get; init; }

    [Description("Have you recently injured your back, for example a muscle strain or ligament sprain?")]
    public Answer? RecentAcuteInjury { get; init; }

    [Description("Do you have a known disc problem, such as a herniated or bulging disc?")]
    public Answer? DiscProblem { get; init; }

    [Description("Do you have any other spinal condition?")]
    public Answer? OtherSpinalCondition { get; init; }
}

[Description("The pain itself.")]
public sealed record PainAnswers
{
    [Description("How many days have you had this pain?")]
    public int? DurationDays { get; init; }

    [Description("Is the pain unrelenting, never letting up? Omitted means no.")]
    public Answer? Unrelenting { get; init; }

    [Description("Does the pain persist despite rest or over-the-counter pain relief? Omitted means no.")]
    public Answer? PersistsDespiteRestOrOtc { get; init; }

    [Description("Does any movement cause sharp, sudden or shooting pain? Omitted means no.")]
    public Answer? SharpPainDuringMovement { get; init; }

    [Description("Where is the pain: lower back (lumbar) or mid back (thoracic)? Omitted means either; narrows the exercises offered.")]
    public Region? Region { get; init; }
}

[Description("How the person self-adjusts now.")]
public sealed record SelfAdjustmentAnswers
{
    [Description("How many minutes ago did you last pop your back?")]
    public int? MinutesSinceLast { get; init; }

    [Description("How many times a day do you pop your back?")]
    public int? TimesPerDay { get; init; }

    [Description("Do you use force, such as pushing or twisting hard, to make it pop? Omitted means no.")]
    public Answer? UsesForce { get; init; }
}
