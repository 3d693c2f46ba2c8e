using System.Buffers;
using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Domain;
using BackCare.Rules;
using BenchmarkDotNet.Attributes;
using FluentValidation;

namespace BackCare.Benchmarks;

/// <summary>
/// What POST /v1/assessments does between Kestrel and the socket: read the JSON, validate, grade, write the answer; and the
/// same as it was done before (the serializer both ways). The stages are also measured alone, so the whole can be read as a sum.
/// </summary>
[MemoryDiagnoser]
public class HandlerBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8 * 1024);
    private Utf8JsonWriter _writer = null!;
    private RuleSet _ruleSet = null!;
    private byte[] _body = null!;
    private AssessmentRequest _request = null!;
    private Recommendation _recommendation = null!;

    [ParamsSource(nameof(Scenarios))]
    public string Scenario { get; set; } = "";

    public static IEnumerable<string> Scenarios => Workload.Names;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _ruleSet = await Workload.LoadRuleSetAsync();
        _body = Workload.Body(Scenario);
        _request = Deserialize();
        if (Read() != _request)
        {
            throw new InvalidOperationException($"{Scenario}: the plain-form reader and the serializer read the body differently.");
        }

        _recommendation = _ruleSet.Assess(_request);
        _writer = new Utf8JsonWriter(_buffer);
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true)]
    public int FullHandler()
    {
        var request = Read();
        Validate(request);
        return Write(_ruleSet.Assess(request));
    }

    /// <summary>The handler as it was: the body read by the serializer, the answer built as an <see cref="AssessmentResponse"/> and serialized.</summary>
    [Benchmark]
    public int FullHandlerWithSerializer()
    {
        var request = Deserialize();
        Validate(request);
        return Serialize(Triage.Respond(_ruleSet, _ruleSet.Assess(request)));
    }

    /// <summary>The body read by <see cref="AssessmentReader"/> (what the app does with a body in its plain form).</summary>
    [Benchmark]
    public AssessmentRequest Read() => AssessmentReader.TryRead(_body)!;

    /// <summary>The body read by the serializer (what the app does with any other body).</summary>
    [Benchmark]
    public AssessmentRequest Deserialize() =>
        JsonSerializer.Deserialize<AssessmentRequest>(_body, Workload.JsonOptions)!;

    [Benchmark]
    public void Validate() => Validate(_request);

    /// <summary>The rules and the recommendation: findings sorted, exercises chosen.</summary>
    [Benchmark]
    public Recommendation Assess() => _ruleSet.Assess(_request);

    /// <summary>The answer written from the rule set's encoded pieces (what the app does).</summary>
    [Benchmark]
    public int Write() => Write(_recommendation);

    /// <summary>The answer built as an object and serialized (what the app did).</summary>
    [Benchmark]
    public int Serialize() => Serialize(Triage.Respond(_ruleSet, _recommendation));

    /// <summary>As the validation filter does: synchronously.</summary>
    private static void Validate(AssessmentRequest request)
    {
        var result = Workload.Validator.Validate(request);
        if (!result.IsValid)
        {
            throw new ValidationException(result.Errors);
        }
    }

    private int Write(Recommendation recommendation)
    {
        _buffer.ResetWrittenCount();
        Workload.AnswerWriter.WriteResponse(_buffer, _ruleSet, Guid.NewGuid(), recommendation);
        return _buffer.WrittenCount;
    }

    private int Serialize(AssessmentResponse response)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, response, Workload.JsonOptions);
        return _buffer.WrittenCount;
    }
}
