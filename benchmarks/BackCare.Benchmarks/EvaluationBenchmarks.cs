using BackCare.Api.Assessments;
using BackCare.Api.Rules;
using BenchmarkDotNet.Attributes;

namespace BackCare.Benchmarks;

/// <summary>One assessment's rule evaluation: the RulesEngine rule set against the same 14 rules written in C#.</summary>
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

        // The floor only counts if it gives the same answer as the rule set.
        var expected = Describe(await _ruleSet.EvaluateAsync(_request));
        var actual = Describe(_handWritten.Evaluate(_request));
        if (expected != actual)
        {
            throw new InvalidOperationException($"{Scenario}: hand-written rules give [{actual}], the rule set gives [{expected}].");
        }
    }

    [Benchmark(Baseline = true)]
    public List<Finding> HandWritten() => _handWritten.Evaluate(_request);

    [Benchmark]
    public Task<IReadOnlyList<Finding>> RuleSet() => _ruleSet.EvaluateAsync(_request);

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("; ", findings.Select(f => $"{f.Rule.Id} {f.Grade} {f.Certainty} {f.Advice}"));
}
