using System.Collections.Frozen;
using BackCare.Api.Assessments;
using RulesEngine.Exceptions;
using RulesEngine.Models;

namespace BackCare.Api.Rules;

/// <summary>A rule that threw while being evaluated. Triage stops rather than report "nothing fired".</summary>
public sealed class RuleEvaluationException(string ruleId, string reason)
    : Exception($"Rule {ruleId} could not be evaluated: {reason}")
{
    public string RuleId { get; } = ruleId;
}

/// <summary>A fired rule, as reported to the caller.</summary>
public sealed record Finding(RuleDefinition Rule, Grade Grade, Certainty Certainty, string Advice);

/// <summary>The loaded, validated and compiled rule set, immutable once built. Evaluation is thread-safe.</summary>
public sealed class RuleSet
{
    public const string InputName = "input";
    public const string LevelName = "level";
    public const string ValuePlaceholder = "{value}";

    /// <summary>The two levels a pass asks for, built once: a RuleParameter is immutable, and building one is not free.</summary>
    private static readonly RuleParameter AtLevelYes = new(LevelName, Answer.Yes);
    private static readonly RuleParameter AtLevelUnsure = new(LevelName, Answer.Unsure);

    private readonly RulesEngine.RulesEngine _engine;
    private readonly string _workflowName;
    private readonly Lazy<RulesEngine.RulesEngine> _diagnostics;
    private readonly RuleParameter[] _thresholds;

    internal RuleSet(string version, string sha256, IReadOnlyList<RuleDefinition> rules, Guidance guidance,
        Workflow workflow)
    {
        Version = version;
        Sha256 = sha256;
        Rules = rules;
        Guidance = guidance;
        ById = rules.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        // The thresholds are whole numbers (the loader rejects anything else): the engine gets them as inputs built once,
        // rather than as global params it would evaluate again on every pass.
        _thresholds = (workflow.GlobalParams ?? [])
            .Select(p => new RuleParameter(p.Name, int.Parse(p.Expression, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        Workflow compiled = new()
        {
            WorkflowName = workflow.WorkflowName,
            WorkflowsToInject = workflow.WorkflowsToInject,
            RuleExpressionType = workflow.RuleExpressionType,
            Rules = workflow.Rules,
        };
        _engine = new RulesEngine.RulesEngine([compiled], EngineSettings(exceptionsPerRule: false));
        _workflowName = workflow.WorkflowName;
        _diagnostics = new(() => new RulesEngine.RulesEngine([compiled], EngineSettings(exceptionsPerRule: true)));
    }

    public string Version { get; }

    /// <summary>
    /// In force: any exception in a rule is thrown, never turned into "did not fire". For diagnostics only: reported per rule.
    /// </summary>
    public static ReSettings EngineSettings(bool exceptionsPerRule) => new()
    {
        EnableExceptionAsErrorMessage = exceptionsPerRule,
        IgnoreException = false,
        EnableFormattedErrorMessage = false,
        CustomTypes = [typeof(Answer), typeof(Answered)],
    };

    /// <summary>SHA-256 of the rule files' content: lets a partner prove which rules produced an answer.</summary>
    public string Sha256 { get; }

    public IReadOnlyList<RuleDefinition> Rules { get; }

    public FrozenDictionary<string, RuleDefinition> ById { get; }

    public Guidance Guidance { get; }

    /// <summary>
    /// Runs every rule and returns each that fired, in rule-file order. A first pass asks "answered yes (or threshold met)?";
    /// when any answer is unsure, a second pass asks "at least unsure?", and rules that fire only there take their gradeIfUnsure.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> EvaluateAsync(AssessmentRequest answers)
    {
        // The optional section may be omitted as a whole; rules then read its answers as unanswered rather than fail.
        var input = new RuleParameter(InputName, answers.SelfAdjustment is null ? answers with { SelfAdjustment = SelfAdjustmentAnswers.None } : answers);
        var reported = await RunAsync(input, AtLevelYes);
        var atLeastUnsure = Questionnaire.HasUnsureAnswer(answers) ? await RunAsync(input, AtLevelUnsure) : reported;

        var findings = new List<Finding>();
        for (var i = 0; i < reported.Count; i++)
        {
            var rule = ById[reported[i].Rule.RuleName];
            if (reported[i].IsSuccess)
            {
                findings.Add(new Finding(rule, rule.Grade, Certainty.Reported, AdviceFor(rule.Advice, reported[i])));
            }
            else if (atLeastUnsure[i].IsSuccess && rule.GradeIfUnsure is { } unsureGrade)
            {
                findings.Add(new Finding(rule, unsureGrade, Certainty.Unsure, AdviceFor(rule.AdviceIfUnsure, atLeastUnsure[i])));
            }
        }

        return findings;
    }

    private async Task<List<RuleResultTree>> RunAsync(RuleParameter input, RuleParameter level)
    {
        List<RuleResultTree> results;
        try
        {
            results = await _engine.ExecuteAllRulesAsync(_workflowName, [input, level, .. _thresholds]);
        }
        catch (RuleException e)
        {
            throw new RuleEvaluationException(await FindFailingRuleAsync(input, level), (e.InnerException ?? e).GetType().Name);
        }

        foreach (var result in results)
        {
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                throw new RuleEvaluationException(result.Rule.RuleName, result.ExceptionMessage);
            }

            if (result.ActionResult?.Exception is { } actionError)
            {
                throw new RuleEvaluationException(result.Rule.RuleName, actionError.Message);
            }
        }

        return results;
    }

    /// <summary>
    /// The engine in force throws without saying which rule failed; a second engine that reports exceptions per rule names it.
    /// Only ever runs on the failure path.
    /// </summary>
    private async Task<string> FindFailingRuleAsync(RuleParameter input, RuleParameter level)
    {
        var results = await _diagnostics.Value.ExecuteAllRulesAsync(_workflowName, [input, level, .. _thresholds]);
        return results.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage))?.Rule.RuleName ?? "(unidentified)";
    }

    /// <summary>Fills the advice's <c>{value}</c> with what the rule's OnSuccess output expression computed (e.g. minutes to wait).</summary>
    private static string AdviceFor(string advice, RuleResultTree result) =>
        result.ActionResult?.Output is { } value
            ? advice.Replace(ValuePlaceholder, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : advice;
}
