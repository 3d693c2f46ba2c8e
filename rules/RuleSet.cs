using System.Collections.Concurrent;
using System.Collections.Frozen;
using BackCare.Domain;
using NRules;
using NRules.Extensibility;

namespace BackCare.Rules;

/// <summary>A rule that threw while being evaluated. The assessment stops rather than report "nothing fired".</summary>
public sealed class RuleEvaluationException(IReadOnlyList<string> ruleIds, string reason, Exception innerException)
    : Exception($"Rule {string.Join(", ", ruleIds)} could not be evaluated: {reason}", innerException)
{
    /// <summary>The rules whose condition or action failed (a condition shared by several rules names them all).</summary>
    public IReadOnlyList<string> RuleIds { get; } = ruleIds;
}

/// <summary>
/// The loaded, validated and compiled rule set, immutable once built: the NRules session factory compiled from the rule classes
/// and the data they read, the catalogue of its rules, and the identity partners can check an answer against.
/// Assessment is thread-safe.
/// </summary>
public sealed class RuleSet
{
    private readonly ISessionFactory _factory;
    private readonly ConcurrentQueue<Evaluator> _idle = new();

    internal RuleSet(string version, Thresholds thresholds, IReadOnlyDictionary<string, Criterion> criteria, IReadOnlyList<RuleDefinition> rules,
        Guidance guidance, ConditionCodes conditionCodes, ExerciseCatalogue catalogue, ISessionFactory factory)
    {
        Version = version;
        Thresholds = thresholds;
        Criteria = criteria;
        Rules = rules;
        Guidance = guidance;
        ConditionCodes = conditionCodes;
        Catalogue = catalogue;
        _factory = factory;
        ById = rules.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        Canonical = CanonicalRuleSet.Write(this);
        Sha256 = CanonicalRuleSet.Hash(Canonical);
    }

    /// <summary>The rule-set version, from triage.json.</summary>
    public string Version { get; }

    /// <summary>SHA-256 (hex) of <see cref="Canonical"/>: which rules, conditions, grades, thresholds and texts produced an answer.</summary>
    public string Sha256 { get; }

    /// <summary>The canonical rule set as UTF-8 JSON: the bytes <see cref="Sha256"/> is the hash of.</summary>
    public ReadOnlyMemory<byte> Canonical { get; }

    public Thresholds Thresholds { get; }

    /// <summary>Every rule, in id order.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    public FrozenDictionary<string, RuleDefinition> ById { get; }

    public Guidance Guidance { get; }

    /// <summary>Which coded Conditions on a person's record stand for which answers (read by CDS Hooks).</summary>
    public ConditionCodes ConditionCodes { get; }

    /// <summary>Per rule id, what its findings say.</summary>
    public IReadOnlyDictionary<string, Criterion> Criteria { get; }

    /// <summary>The exercises the rules exclude from, and the safe ones are chosen from.</summary>
    public ExerciseCatalogue Catalogue { get; }

    /// <summary>
    /// The graded recommendation for a person's answers: every rule that fired, most severe first, the grade, and the exercises
    /// that stay safe. Throws <see cref="RuleEvaluationException"/> naming the rule when any rule fails: never a partial answer.
    /// </summary>
    public Recommendation Assess(AssessmentRequest answers)
    {
        var findings = Evaluate(answers);
        return Recommendation.From(findings, answers.Pain?.Region, Catalogue);
    }

    /// <summary>Every rule that fired, in no particular order, on a session reused from earlier assessments.</summary>
    public Finding[] Evaluate(AssessmentRequest answers)
    {
        var facts = Facts(answers);
        var evaluator = _idle.TryDequeue(out var idle) ? idle : new Evaluator(_factory.CreateSession());
        var findings = evaluator.Evaluate(facts);
        // A session whose rule threw is dropped with the exception; only a clean one goes back.
        if (_idle.Count < Environment.ProcessorCount * 4)
        {
            _idle.Enqueue(evaluator);
        }

        return findings;
    }

    /// <summary>Every rule that fired, on a session of its own: the alternative to <see cref="Evaluate"/>, kept to measure one against the other.</summary>
    internal Finding[] EvaluateInNewSession(AssessmentRequest answers) =>
        new Evaluator(_factory.CreateSession()).Evaluate(Facts(answers));

    /// <summary>
    /// The facts of one assessment: one per group of answers. Red flags, conditions and pain are required: without them a rule could
    /// not fire, and the answer would look like "nothing fired". An omitted self-adjustment group is unanswered: its rules have nothing to match.
    /// </summary>
    private static object[] Facts(AssessmentRequest answers)
    {
        var redFlags = answers.RedFlags ?? throw new ArgumentException("The red-flag answers are required.", nameof(answers));
        var conditions = answers.Conditions ?? throw new ArgumentException("The condition answers are required.", nameof(answers));
        var pain = answers.Pain ?? throw new ArgumentException("The pain answers are required.", nameof(answers));
        return answers.SelfAdjustment is { } selfAdjustment ? [redFlags, conditions, pain, selfAdjustment] : [redFlags, conditions, pain];
    }

    /// <summary>One NRules session, the findings its rules report and the rules that failed in it; used by one assessment at a time.</summary>
    private sealed class Evaluator : IDependencyResolver
    {
        private readonly ISession _session;
        private readonly Findings _findings = [];
        private IReadOnlyList<string>? _failed;

        public Evaluator(ISession session)
        {
            _session = session;
            _session.DependencyResolver = this;
            // NRules' exception says which expression failed; its events say which rules it belongs to.
            _session.Events.LhsExpressionFailedEvent += (_, e) => _failed = e.Rules.Select(r => r.Name).ToArray();
            _session.Events.RhsExpressionFailedEvent += (_, e) => _failed = [e.Match.Rule.Name];
        }

        public Finding[] Evaluate(object[] facts)
        {
            try
            {
                _session.InsertAll(facts);
                _session.Fire();
                _session.RetractAll(facts);
                var findings = _findings.ToArray();
                _findings.Clear();
                return findings;
            }
            catch (RuleExecutionException e)
            {
                throw new RuleEvaluationException(_failed ?? ["(unidentified)"], (e.InnerException ?? e).GetType().Name, e);
            }
        }

        /// <summary>The one dependency the rules have: where they report their findings.</summary>
        public object Resolve(IResolutionContext context, Type serviceType) =>
            serviceType == typeof(Findings) ? _findings : throw new InvalidOperationException($"The rules can depend on Findings only, not on {serviceType.Name}.");
    }
}
