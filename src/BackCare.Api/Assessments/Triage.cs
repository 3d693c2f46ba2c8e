using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Api.Assessments;

/// <summary>The rule set's graded recommendation, as the API answers it: with the grade's guidance, links, the rule-set stamp and the disclaimer.</summary>
public static partial class Triage
{
    public static AssessmentResponse Assess(RuleSet ruleSet, AssessmentRequest answers) =>
        Respond(ruleSet, ruleSet.Assess(answers));

    /// <summary>
    /// Grades the answers, or says why no grade was produced: a rule that cannot run must never read as "nothing fired". Logs the
    /// rule ids and the exception's type, never the answers or its message.
    /// </summary>
    public static string? TryAssess(RuleSet ruleSet, AssessmentRequest answers, ILoggerFactory loggers, out AssessmentResponse? answer)
    {
        var failed = TryRecommend(ruleSet, answers, loggers, out var recommendation);
        answer = recommendation is null ? null : Respond(ruleSet, recommendation);
        return failed;
    }

    /// <summary>As <see cref="TryAssess"/>, the rule set's recommendation before it is put into words.</summary>
    public static string? TryRecommend(RuleSet ruleSet, AssessmentRequest answers, ILoggerFactory loggers, out Recommendation? recommendation)
    {
        try
        {
            recommendation = ruleSet.Assess(answers);
            return null;
        }
        catch (RuleEvaluationException e)
        {
            var ids = string.Join(", ", e.RuleIds);
            LogRuleFailed(loggers.CreateLogger(typeof(Triage).FullName!), ids, e.InnerException?.GetType().FullName);
            recommendation = null;
            return $"Rule {ids} could not be evaluated, so no grade was produced. Do not treat this as 'safe'.";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {RuleIds} could not be evaluated ({ExceptionType}); no grade was given")]
    private static partial void LogRuleFailed(ILogger logger, string ruleIds, string? exceptionType);

    public static AssessmentResponse Respond(RuleSet ruleSet, Recommendation recommendation)
    {
        var findings = recommendation.Findings;
        var reported = new AssessmentFinding[findings.Count];
        for (var i = 0; i < reported.Length; i++)
        {
            reported[i] = Report(findings[i]);
        }

        return new AssessmentResponse(
            Guid.NewGuid(),
            recommendation.Grade,
            ruleSet.Guidance.Grades[recommendation.Grade].Headline,
            recommendation.SelfAdjustmentAdvised,
            reported,
            recommendation.Exercises.Select(Link).ToArray(),
            recommendation.Exclusions.Select(Exclude).ToArray(),
            SafetyAdvice(ruleSet.Guidance, recommendation.Grade),
            new RulesetStamp(ruleSet.Version, ruleSet.Sha256),
            ruleSet.Guidance.Disclaimer);
    }

    public static AssessmentFinding Report(Finding f) => new(f.Rule.Id, f.Rule.Kind, f.Grade, f.Certainty, f.Rule.Title, f.Advice, f.Rule.Source);

    public static ExerciseLink Link(Exercise e) => new(e.Id, e.Name, e.Region, e.Movement, $"/v1/exercises/{e.Id}");

    public static ExcludedExercise Exclude(Exclusion x) => new(x.Exercise.Id, x.Rule.Id, x.Rule.ExclusionReason!);

    /// <summary>The grade's advice, the reminder that sharp pain means stop, and the red flags that should bring the person back.</summary>
    public static IReadOnlyList<string> SafetyAdvice(Guidance guidance, Grade grade) =>
        [.. guidance.Grades[grade].Advice, .. guidance.Always, guidance.ReturnIf];
}
