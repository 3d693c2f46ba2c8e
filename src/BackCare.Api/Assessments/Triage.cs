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
        try
        {
            answer = Assess(ruleSet, answers);
            return null;
        }
        catch (RuleEvaluationException e)
        {
            var ids = string.Join(", ", e.RuleIds);
            LogRuleFailed(loggers.CreateLogger(typeof(Triage).FullName!), ids, e.InnerException?.GetType().FullName);
            answer = null;
            return $"Rule {ids} could not be evaluated, so no grade was produced. Do not treat this as 'safe'.";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {RuleIds} could not be evaluated ({ExceptionType}); no grade was given")]
    private static partial void LogRuleFailed(ILogger logger, string ruleIds, string? exceptionType);

    public static AssessmentResponse Respond(RuleSet ruleSet, Recommendation recommendation)
    {
        var guidance = ruleSet.Guidance;
        var forGrade = guidance.Grades[recommendation.Grade];
        var findings = recommendation.Findings;
        var reported = new AssessmentFinding[findings.Count];
        for (var i = 0; i < reported.Length; i++)
        {
            var f = findings[i];
            reported[i] = new AssessmentFinding(f.Rule.Id, f.Rule.Kind, f.Grade, f.Certainty, f.Rule.Title, f.Advice, f.Rule.Source);
        }

        return new AssessmentResponse(
            Guid.NewGuid(),
            recommendation.Grade,
            forGrade.Headline,
            recommendation.SelfAdjustmentAdvised,
            reported,
            recommendation.Exercises.Select(e => new ExerciseLink(e.Id, e.Name, e.Region, e.Movement, $"/v1/exercises/{e.Id}")).ToArray(),
            recommendation.Exclusions.Select(x => new ExcludedExercise(x.Exercise.Id, x.Rule.Id, x.Rule.ExclusionReason!)).ToArray(),
            [.. forGrade.Advice, .. guidance.Always, guidance.ReturnIf],
            new RulesetStamp(ruleSet.Version, ruleSet.Sha256),
            guidance.Disclaimer);
    }
}
