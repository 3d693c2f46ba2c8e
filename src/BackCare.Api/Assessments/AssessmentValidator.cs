using BackCare.Domain;
using BackCare.Api.Exercises;
using BackCare.Api.Hosting;
using FluentValidation;

namespace BackCare.Api.Assessments;

/// <summary>Which answers are required and which numbers are in range. Types and unknown properties are the JSON binder's job.</summary>
public sealed class AssessmentValidator : AbstractValidator<AssessmentRequest>
{
    public AssessmentValidator()
    {
        RuleFor(x => x.RedFlags).NotNull().WithMessage("Required.").SetValidator(new RedFlagsValidator()!);
        RuleFor(x => x.Conditions).NotNull().WithMessage("Required.").SetValidator(new ConditionsValidator()!);
        RuleFor(x => x.Pain).NotNull().WithMessage("Required.").SetValidator(new PainValidator()!);
        RuleFor(x => x.SelfAdjustment).SetValidator(new SelfAdjustmentValidator()!);
    }
}

public sealed class RedFlagsValidator : AbstractValidator<RedFlagAnswers>
{
    public RedFlagsValidator()
    {
        RuleFor(x => x.BladderOrBowelControlLoss).RequiredAnswer();
        RuleFor(x => x.SaddleAnesthesia).RequiredAnswer();
        RuleFor(x => x.FeverOrChills).RequiredAnswer();
        RuleFor(x => x.UnexplainedWeightLoss).RequiredAnswer();
        RuleFor(x => x.RadiatingNumbnessTinglingOrWeakness).RequiredAnswer();
    }
}

public sealed class ConditionsValidator : AbstractValidator<ConditionAnswers>
{
    public ConditionsValidator()
    {
        RuleFor(x => x.SevereOsteoporosis).RequiredAnswer();
        RuleFor(x => x.InflammatoryArthritis).RequiredAnswer();
        RuleFor(x => x.RecentAcuteInjury).RequiredAnswer();
        RuleFor(x => x.DiscProblem).RequiredAnswer();
        RuleFor(x => x.OtherSpinalCondition).RequiredAnswer();
    }
}

public sealed class PainValidator : AbstractValidator<PainAnswers>
{
    public PainValidator()
    {
        RuleFor(x => x.DurationDays).NotNull().WithMessage("Required: a whole number of days.").Between(0, 36500);
    }
}

public sealed class SelfAdjustmentValidator : AbstractValidator<SelfAdjustmentAnswers>
{
    public SelfAdjustmentValidator()
    {
        RuleFor(x => x.MinutesSinceLast).Between(0, 525600);
        RuleFor(x => x.TimesPerDay).Between(0, 1000);
    }
}

internal static class AnswerRules
{
    public static IRuleBuilderOptions<T, Answer?> RequiredAnswer<T>(this IRuleBuilder<T, Answer?> rule) =>
        rule.NotNull().WithMessage("Required: answer yes, no or unsure.");

    public static IRuleBuilderOptions<T, int?> Between<T>(this IRuleBuilder<T, int?> rule, int from, int to) =>
        rule.InclusiveBetween(from, to).WithMessage("Must be a whole number from {From} to {To}.");
}
