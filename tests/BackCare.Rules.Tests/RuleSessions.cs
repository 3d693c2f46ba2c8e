using System.Collections.Concurrent;
using NRules;
using NRules.Extensibility;
using NRules.Fluent.Dsl;

namespace BackCare.Rules.Tests;

/// <summary>The shipped rule set, and single rules compiled on their own NRules session with the shipped data, as NRules' own tests do.</summary>
public static class RuleSessions
{
    private static readonly ConcurrentDictionary<Type, ISessionFactory> Factories = new();

    /// <summary>The shipped rule set, loaded and validated once for the whole test run.</summary>
    public static RuleSet Shipped { get; } = RuleSetLoader.LoadAsync(RuleFiles.Shipped).GetAwaiter().GetResult();

    /// <summary>Inserts the facts into a fresh session of <typeparamref name="TRule"/> alone, fires it, and returns what it reported.</summary>
    public static IReadOnlyList<Finding> Fire<TRule>(params object[] facts) where TRule : Rule
    {
        var factory = Factories.GetOrAdd(typeof(TRule), type => RuleSetLoader.Compile([type], Shipped.Criteria, Shipped.Thresholds).Factory);
        var findings = new Findings();
        var session = factory.CreateSession();
        session.DependencyResolver = new Reporting(findings);
        session.InsertAll(facts);
        session.Fire();
        return findings;
    }

    private sealed class Reporting(Findings findings) : IDependencyResolver
    {
        public object Resolve(IResolutionContext context, Type serviceType) => findings;
    }
}

/// <summary>Facts of a person with no complaints, changed one answer at a time with <c>with</c>.</summary>
public static class Facts
{
    public static RedFlagAnswers RedFlags { get; } = new()
    {
        BladderOrBowelControlLoss = Answer.No, SaddleAnesthesia = Answer.No, FeverOrChills = Answer.No, UnexplainedWeightLoss = Answer.No,
        RadiatingNumbnessTinglingOrWeakness = Answer.No,
    };

    public static ConditionAnswers Conditions { get; } = new()
    {
        SevereOsteoporosis = Answer.No, InflammatoryArthritis = Answer.No, RecentAcuteInjury = Answer.No, DiscProblem = Answer.No,
        OtherSpinalCondition = Answer.No,
    };

    public static PainAnswers Pain { get; } = new() { DurationDays = 4 };

    public static SelfAdjustmentAnswers SelfAdjustment { get; } = new() { MinutesSinceLast = 45, TimesPerDay = 1, UsesForce = Answer.No };

    public static AssessmentRequest NothingWrong { get; } = new() { RedFlags = RedFlags, Conditions = Conditions, Pain = Pain };
}
