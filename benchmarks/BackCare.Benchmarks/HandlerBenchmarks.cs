using System.Buffers;
using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Domain;
using BackCare.Rules;
using BenchmarkDotNet.Attributes;
using FluentValidation;

namespace BackCare.Benchmarks;

/// <summary>
/// What POST /v1/assessments does between Kestrel and the socket: bind the JSON with the app's options, validate,
/// grade, write the response. The stages are also measured alone, so the whole can be read as a sum.
/// </summary>
[MemoryDiagnoser]
public class HandlerBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8 * 1024);
    private Utf8JsonWriter _writer = null!;
    private RuleSet _ruleSet = null!;
    private byte[] _body = null!;
    private AssessmentRequest _request = null!;
    private AssessmentResponse _response = null!;

    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    public static IEnumerable<string> Scenarios => Workload.Names;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _ruleSet = await Workload.LoadRuleSetAsync();
        _body = Workload.Body(Scenario);
        _request = Deserialize();
        _response = Triage.Assess(_ruleSet, _request);
        _writer = new Utf8JsonWriter(_buffer);
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true)]
    public int FullHandler()
    {
        var request = Deserialize();
        Validate(request);
        var response = Triage.Assess(_ruleSet, request);
        return Serialize(response);
    }

    [Benchmark]
    public AssessmentRequest Deserialize() =>
        JsonSerializer.Deserialize<AssessmentRequest>(_body, Workload.JsonOptions)!;

    [Benchmark]
    public void Validate() => Validate(_request);

    [Benchmark]
    public AssessmentResponse Assess() => Triage.Assess(_ruleSet, _request);

    [Benchmark]
    public int Serialize() => Serialize(_response);

    /// <summary>As the validation filter does: synchronously.</summary>
    private static void Validate(AssessmentRequest request)
    {
        var result = Workload.Validator.Validate(request);
        if (!result.IsValid)
        {
            throw new ValidationException(result.Errors);
        }
    }

    private int Serialize(AssessmentResponse response)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, response, Workload.JsonOptions);
        return _buffer.WrittenCount;
    }
}
