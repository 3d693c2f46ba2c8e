using System.Collections.Frozen;
using System.Text.RegularExpressions;
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

    /// <summary>The context key of an OutputExpression action's expression, as the rule files spell it.</summary>
    public const string OutputExpressionKey = "Expression";

    /// <summary>The two levels a pass asks for, built once: a RuleParameter is immutable, and building one is not free.</summary>
    private static readonly RuleParameter AtLevelYes = new(LevelName, Answer.Yes);
    private static readonly RuleParameter AtLevelUnsure = new(LevelName, Answer.Unsure);

    private readonly RulesEngine.RulesEngine _engine;
    private readonly string _workflowName;

    /// <summary>Per rule id: its own one-rule workflow, for the unsure pass, and the mask of the answers it reads.</summary>
    private readonly FrozenDictionary<string, (string Workflow, uint Reads)> _unsurePass;
    private readonly Lazy<RulesEngine.RulesEngine> _diagnostics;

    internal RuleSet(string version, string sha256, IReadOnlyList<RuleDefinition> rules, Guidance guidance,
        Workflow workflow)
    {
        Version = version;
        Sha256 = sha256;
        Rules = rules;
        Guidance = guidance;
        ById = rules.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        // The thresholds are whole numbers (the loader rejects anything else), written into the rules as constants when the set
        // is compiled: every pass then hands the engine two inputs instead of one per threshold, which it copies for every rule.
        var thresholds = (workflow.GlobalParams ?? []).ToDictionary(p => p.Name, p => p.Expression, StringComparer.Ordinal);
        foreach (var rule in workflow.Rules)
        {
            rule.Expression = WithThresholds(rule.Expression, thresholds);
            if (rule.Actions?.OnSuccess?.Context is Dictionary<string, object> context
                && context.GetValueOrDefault(OutputExpressionKey) is string output)
            {
                context[OutputExpressionKey] = WithThresholds(output, thresholds);
            }
        }

        Workflow compiled = new()
        {
            WorkflowName = workflow.WorkflowName,
            WorkflowsToInject = workflow.WorkflowsToInject,
            RuleExpressionType = workflow.RuleExpressionType,
            Rules = workflow.Rules,
        };
        // Each rule also stands alone, so that the unsure pass runs only the rules that read an unsure answer.
        string Alone(string ruleId) => $"{workflow.WorkflowName}/{ruleId}";
        var single = workflow.Rules.Select(rule => new Workflow
        {
            WorkflowName = Alone(rule.RuleName),
            RuleExpressionType = workflow.RuleExpressionType,
            Rules = [rule],
        }).ToArray();
        _unsurePass = rules.ToFrozenDictionary(r => r.Id, r => (Alone(r.Id), Questionnaire.AnswerMask(r.Questions)), StringComparer.Ordinal);
        _engine = new RulesEngine.RulesEngine([compiled, .. single], EngineSettings(exceptionsPerRule: false));
        _workflowName = workflow.WorkflowName;
        _diagnostics = new(() => new RulesEngine.RulesEngine([compiled, .. single], EngineSettings(exceptionsPerRule: true)));
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
    /// Runs every rule and returns each that fired, in rule-file order. A first pass asks every rule "answered yes (or threshold
    /// met)?"; a rule that did not fire there but reads an unsure answer is asked again, alone, "at least unsure?", and takes
    /// its gradeIfUnsure if it fires. (The loader checks that no rule fires at the unsure level without an unsure answer.)
    /// </summary>
    public async Task<IReadOnlyList<Finding>> EvaluateAsync(AssessmentRequest answers)
    {
        // The optional section may be omitted as a whole; rules then read its answers as unanswered rather than fail.
        var input = new RuleParameter(InputName, answers.SelfAdjustment is null ? answers with { SelfAdjustment = SelfAdjustmentAnswers.None } : answers);
        var reported = await RunAsync(_workflowName, input, AtLevelYes);
        var unsure = Questionnaire.UnsureAnswers(answers);

        var findings = new List<Finding>();
        foreach (var result in reported)
        {
            var rule = ById[result.Rule.RuleName];
            if (result.IsSuccess)
            {
                findings.Add(new Finding(rule, rule.Grade, Certainty.Reported, AdviceFor(rule.Advice, result)));
            }
            else if (rule.GradeIfUnsure is { } unsureGrade && _unsurePass[rule.Id] is var (workflow, reads) && (unsure & reads) != 0
                     && (await RunAsync(workflow, input, AtLevelUnsure))[0] is { IsSuccess: true } atLeastUnsure)
            {
                findings.Add(new Finding(rule, unsureGrade, Certainty.Unsure, AdviceFor(rule.AdviceIfUnsure, atLeastUnsure)));
            }
        }

        return findings;
    }

    /// <summary>The rules that fire at the unsure level for answers with no unsure answer: the loader rejects a set with any.</summary>
    internal async Task<IEnumerable<string>> FiringWithoutUnsureAnswerAsync(AssessmentRequest noUnsureAnswer) =>
        (await RunAsync(_workflowName, new RuleParameter(InputName, noUnsureAnswer), AtLevelUnsure))
            .Where(r => r.IsSuccess).Select(r => r.Rule.RuleName).ToList();

    private async Task<List<RuleResultTree>> RunAsync(string workflow, RuleParameter input, RuleParameter level)
    {
        List<RuleResultTree> results;
        try
        {
            results = await _engine.ExecuteAllRulesAsync(workflow, [input, level]);
        }
        catch (RuleException e)
        {
            throw new RuleEvaluationException(await FindFailingRuleAsync(workflow, input, level), (e.InnerException ?? e).GetType().Name);
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
    private async Task<string> FindFailingRuleAsync(string workflow, RuleParameter input, RuleParameter level)
    {
        var results = await _diagnostics.Value.ExecuteAllRulesAsync(workflow, [input, level]);
        return results.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage))?.Rule.RuleName ?? "(unidentified)";
    }

    /// <summary>A threshold named in an expression: the name on its own, not a member of that name (<c>input.x.chronicPainDays</c>).</summary>
    internal static Regex ThresholdReference(string name) =>
        new($@"(?<![\w.]){Regex.Escape(name)}\b", RegexOptions.CultureInvariant);

    /// <summary>The expression with each threshold's name replaced by its value.</summary>
    private static string WithThresholds(string expression, IReadOnlyDictionary<string, string> thresholds) =>
        thresholds.Aggregate(expression, (text, threshold) => ThresholdReference(threshold.Key).Replace(text, threshold.Value));

    /// <summary>Fills the advice's <c>{value}</c> with what the rule's OnSuccess output expression computed (e.g. minutes to wait).</summary>
    private static string AdviceFor(string advice, RuleResultTree result) =>
        result.ActionResult?.Output is { } value
            ? advice.Replace(ValuePlaceholder, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : advice;
}
