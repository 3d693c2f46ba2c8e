using BackCare.Domain;
using BackCare.Rules;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>
/// One assessment's rule evaluation on NRules: on a session reused from earlier assessments (what BackCare does), on a session of its
/// own, and the same 14 rules written in plain C# (the floor).
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private RuleSet _ruleSet = null!;
    private HandWrittenRules _handWritten = null!;
    private AssessmentRequest _request = null!;

    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    public static IEnumerable<string> Scenarios => Workload.Names;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _ruleSet = await Workload.LoadRuleSetAsync();
        _handWritten = new HandWrittenRules(_ruleSet);
        _request = Workload.Request(Scenario);

        // The floor and the new-session path only count if they give the same answer as the rule set.
        var expected = Describe(_ruleSet.Evaluate(_request));
        foreach (var (name, actual) in new[] { ("hand-written", Describe(_handWritten.Evaluate(_request))), ("new session", Describe(_ruleSet.EvaluateInNewSession(_request))) })
        {
            if (expected != actual)
            {
                throw new InvalidOperationException($"{Scenario}: {name} gives [{actual}], the rule set gives [{expected}].");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public List<Finding> HandWritten() => _handWritten.Evaluate(_request);

    [Benchmark]
    public Finding[] ReusedSession() => _ruleSet.Evaluate(_request);

    [Benchmark]
    public Finding[] NewSession() => _ruleSet.EvaluateInNewSession(_request);

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("; ", findings.OrderBy(f => f.Rule.Id, StringComparer.Ordinal).Select(f => $"{f.Rule.Id} {f.Grade} {f.Certainty} {f.Advice}"));
}
