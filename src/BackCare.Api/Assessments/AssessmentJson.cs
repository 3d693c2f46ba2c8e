using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Api.Assessments;

/// <summary>
/// Writes the answer to POST /v1/assessments (and a batch item's assessment) from pieces encoded once per loaded rule set: each
/// rule's finding per certainty, each grade's opening and safety advice, each exercise link and exclusion, the stamp and the
/// disclaimer. The bytes are exactly what the serializer writes for <see cref="AssessmentResponse"/> (a test holds them equal);
/// a finding whose advice carries a computed number, such as the minutes still to wait, is serialized as it comes.
/// </summary>
public sealed class AssessmentJson
{
    private readonly ConditionalWeakTable<RuleSet, Encoded> _encoded = new();
    private readonly ConditionalWeakTable<RuleSet, Encoded>.CreateValueCallback _encode;

    /// <summary>On the serializer options the app writes its answers with.</summary>
    public AssessmentJson(JsonSerializerOptions options) => _encode = ruleSet => new Encoded(ruleSet, options);

    /// <summary>The whole answer to a single call: the assessment, then the rule-set stamp and the disclaimer.</summary>
    public void WriteResponse(IBufferWriter<byte> output, RuleSet ruleSet, Guid assessmentId, Recommendation recommendation)
    {
        var encoded = _encoded.GetValue(ruleSet, _encode);
        encoded.WriteMembers(output, assessmentId, recommendation);
        output.Write(encoded.StampAndDisclaimer);
    }

    /// <summary>One batch item's assessment: the members of the single call's answer but the stamp and the disclaimer.</summary>
    public void WriteBatchAssessment(IBufferWriter<byte> output, RuleSet ruleSet, Guid assessmentId, Recommendation recommendation)
    {
        _encoded.GetValue(ruleSet, _encode).WriteMembers(output, assessmentId, recommendation);
        output.Write("}"u8);
    }

    /// <summary>What a batch's answer gives once, without the closing brace: <c>{"ruleset":…,"disclaimer":…,"graded":…,"notGraded":…</c>.</summary>
    public void WriteBatchHeader(IBufferWriter<byte> output, GradedBatch batch)
    {
        output.Write(_encoded.GetValue(batch.RuleSet, _encode).BatchOpening);
        WriteInteger(output, batch.Graded);
        output.Write(",\"notGraded\":"u8);
        WriteInteger(output, batch.NotGraded);
    }

    /// <summary>One item's result, as <see cref="AssessmentBatchItem"/> serializes: <c>{"outcome":"graded","index":…,"assessment":{…}}</c> or its problem.</summary>
    public void WriteBatchItem(IBufferWriter<byte> output, RuleSet ruleSet, BatchResult result)
    {
        if (result.Recommendation is not { } recommendation)
        {
            _encoded.GetValue(ruleSet, _encode).Serialize(output, new AssessmentBatchItem.NotGraded(result.Index, result.Problem!));
            return;
        }

        output.Write("{\"outcome\":\"graded\",\"index\":"u8);
        WriteInteger(output, result.Index);
        output.Write(",\"assessment\":"u8);
        WriteBatchAssessment(output, ruleSet, result.AssessmentId, recommendation);
        output.Write("}"u8);
    }

    private static void WriteInteger(IBufferWriter<byte> output, int value)
    {
        value.TryFormat(output.GetSpan(11), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private sealed class Encoded
    {
        private readonly JsonSerializerOptions _options;
        private readonly JsonTypeInfo<AssessmentFinding> _finding;
        private readonly JsonTypeInfo<ExcludedExercise> _excluded;
        private readonly JsonTypeInfo<AssessmentBatchItem> _item;

        /// <summary>Per grade: <c>"grade":…,"headline":…,"selfAdjustmentAdvised":…,"findings":[</c>.</summary>
        private readonly byte[][] _opening;

        /// <summary>Per grade: <c>],"safetyAdvice":[…]</c>.</summary>
        private readonly byte[][] _safetyAdvice;

        private readonly FrozenDictionary<string, (Finding Reported, byte[] ReportedJson, Finding? Unsure, byte[]? UnsureJson)> _findings;
        private readonly FrozenDictionary<string, byte[]> _exercises;
        private readonly FrozenDictionary<(string Exercise, string Rule), byte[]> _exclusions;

        public Encoded(RuleSet ruleSet, JsonSerializerOptions options)
        {
            _options = options;
            _finding = (JsonTypeInfo<AssessmentFinding>)options.GetTypeInfo(typeof(AssessmentFinding));
            _excluded = (JsonTypeInfo<ExcludedExercise>)options.GetTypeInfo(typeof(ExcludedExercise));
            _item = (JsonTypeInfo<AssessmentBatchItem>)options.GetTypeInfo(typeof(AssessmentBatchItem));
            var grades = Enum.GetValues<Grade>();
            _opening = new byte[grades.Length][];
            _safetyAdvice = new byte[grades.Length][];
            foreach (var grade in grades)
            {
                var guidance = ruleSet.Guidance.Grades[grade];
                _opening[(int)grade] = Utf8(
                    $"\"grade\":{Text(grade)},\"headline\":{Text(guidance.Headline)},\"selfAdjustmentAdvised\":{Text(grade.AdvisesSelfAdjustment())},\"findings\":[");
                IReadOnlyList<string> advice = Triage.SafetyAdvice(ruleSet.Guidance, grade);
                _safetyAdvice[(int)grade] = Utf8($"],\"safetyAdvice\":{Text(advice)}");
            }

            _findings = ruleSet.Criteria.Values.ToFrozenDictionary(c => c.Id, c =>
            {
                var reported = c.Finding(Answer.Yes);
                var unsure = c.GradeIfUnsure is null ? null : c.Finding(Answer.Unsure);
                return (reported, Bytes(Triage.Report(reported)), unsure, unsure is null ? null : Bytes(Triage.Report(unsure)));
            }, StringComparer.Ordinal);
            _exercises = ruleSet.Catalogue.All.ToFrozenDictionary(e => e.Id, e => Bytes(Triage.Link(e)), StringComparer.Ordinal);
            _exclusions = (
                from e in ruleSet.Catalogue.All
                from c in ruleSet.Criteria.Values
                where c.ExcludesMovements.Contains(e.Movement)
                select (Key: (e.Id, c.Id), Json: Bytes(Triage.Exclude(new Exclusion(e, c))))).ToFrozenDictionary(x => x.Key, x => x.Json);
            var stampAndDisclaimer = $"\"ruleset\":{Text(new RulesetStamp(ruleSet.Version, ruleSet.Sha256))},\"disclaimer\":{Text(ruleSet.Guidance.Disclaimer)}";
            StampAndDisclaimer = Utf8($",{stampAndDisclaimer}}}");
            BatchOpening = Utf8($"{{{stampAndDisclaimer},\"graded\":");
        }

        /// <summary><c>,"ruleset":…,"disclaimer":…}</c>: the end of a single call's answer.</summary>
        public byte[] StampAndDisclaimer { get; }

        /// <summary><c>{"ruleset":…,"disclaimer":…,"graded":</c>: the start of a batch's answer.</summary>
        public byte[] BatchOpening { get; }

        /// <summary>A batch item that was not graded, as the serializer writes it (its discriminator first).</summary>
        public void Serialize(IBufferWriter<byte> output, AssessmentBatchItem item) => SerializeTo(output, item, _item);

        /// <summary>Everything from the opening brace to the safety advice, without the closing brace.</summary>
        public void WriteMembers(IBufferWriter<byte> output, Guid assessmentId, Recommendation recommendation)
        {
            output.Write("{\"assessmentId\":\""u8);
            var span = output.GetSpan(36);
            assessmentId.TryFormat(span, out var written);
            output.Advance(written);
            output.Write("\","u8);
            output.Write(_opening[(int)recommendation.Grade]);

            var findings = recommendation.Findings;
            for (var i = 0; i < findings.Count; i++)
            {
                Comma(output, i);
                WriteFinding(output, findings[i]);
            }

            output.Write("],\"exercises\":["u8);
            for (var i = 0; i < recommendation.Exercises.Count; i++)
            {
                Comma(output, i);
                output.Write(_exercises[recommendation.Exercises[i].Id]);
            }

            output.Write("],\"excludedExercises\":["u8);
            for (var i = 0; i < recommendation.Exclusions.Count; i++)
            {
                Comma(output, i);
                var exclusion = recommendation.Exclusions[i];
                if (_exclusions.TryGetValue((exclusion.Exercise.Id, exclusion.Rule.Id), out var json))
                {
                    output.Write(json);
                }
                else
                {
                    SerializeTo(output, Triage.Exclude(exclusion), _excluded);
                }
            }

            output.Write(_safetyAdvice[(int)recommendation.Grade]);
        }

        /// <summary>The encoded finding when it says what its rule's entry says; otherwise (a computed number in the advice) serialized.</summary>
        private void WriteFinding(IBufferWriter<byte> output, Finding finding)
        {
            if (_findings.TryGetValue(finding.Rule.Id, out var encoded))
            {
                if (finding == encoded.Reported)
                {
                    output.Write(encoded.ReportedJson);
                    return;
                }

                if (finding == encoded.Unsure)
                {
                    output.Write(encoded.UnsureJson);
                    return;
                }
            }

            SerializeTo(output, Triage.Report(finding), _finding);
        }

        private static void Comma(IBufferWriter<byte> output, int index)
        {
            if (index > 0)
            {
                output.Write(","u8);
            }
        }

        private static void SerializeTo<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> type)
        {
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = type.Options.Encoder, SkipValidation = true });
            JsonSerializer.Serialize(writer, value, type);
        }

        private string Text<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T)));

        private byte[] Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T)));

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    }
}
