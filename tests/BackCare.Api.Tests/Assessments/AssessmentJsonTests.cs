using System.Buffers;
using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Api.Rules;
using BackCare.Domain;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Tests.Assessments;

/// <summary>The answer written from pieces encoded once per rule set is, byte for byte, what the serializer writes for the same answer.</summary>
[Collection("api")]
public sealed class AssessmentJsonTests(ApiFactory factory)
{
    [Fact]
    public void Encoded_answers_are_the_serializers_bytes_for_every_generated_person()
    {
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var json = factory.Services.GetRequiredService<AssessmentJson>();
        var ruleSet = factory.Services.GetRequiredService<RuleSetProvider>().Current!;
        var output = new ArrayBufferWriter<byte>();
        var grades = new HashSet<Grade>();
        var cavitation = 0;

        Respondents.Valid.Sample(person =>
        {
            var request = JsonSerializer.Deserialize<AssessmentRequest>(person.ToJson().ToJsonString(), options)!;
            var recommendation = ruleSet.Assess(request);
            var id = Guid.NewGuid();
            var expected = Triage.Respond(ruleSet, recommendation) with { AssessmentId = id };

            output.ResetWrittenCount();
            json.WriteResponse(output, ruleSet, id, recommendation);
            Assert.Equal(JsonSerializer.Serialize(expected, options), System.Text.Encoding.UTF8.GetString(output.WrittenSpan));

            output.ResetWrittenCount();
            json.WriteBatchAssessment(output, ruleSet, id, recommendation);
            Assert.Equal(JsonSerializer.Serialize(BatchAssessment.From(expected), options), System.Text.Encoding.UTF8.GetString(output.WrittenSpan));

            grades.Add(recommendation.Grade);
            cavitation += recommendation.Findings.Any(f => f.Rule.Id == "CA-RECENT-CAVITATION") ? 1 : 0;
        }, iter: 3000, threads: 1);

        // The sample reached every grade, and the advice with a computed number (serialized, not encoded).
        Assert.Equal(Enum.GetValues<Grade>().Length, grades.Count);
        Assert.True(cavitation > 0, "No generated person had popped their back within the last 20 minutes.");
    }

    [Fact]
    public async Task Written_batch_answers_are_the_serializers_bytes_as_json_and_as_ndjson()
    {
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var grader = factory.Services.GetRequiredService<AssessmentGrader>();
        var json = factory.Services.GetRequiredService<AssessmentJson>();
        var ruleSet = factory.Services.GetRequiredService<RuleSetProvider>().Current!;
        string[] broken = ["{}", "\"yes\"", "null", "{\"redFlags\":null}", "[1]"];
        var gen = Gen.Select(Respondents.Valid.Array[0, 150], Gen.Int[0, 4].Array[0, 20], (people, bad) =>
            Gen.Shuffle(people.Select(p => p.ToJson().ToJsonString()).Concat(bad.Select(b => broken[b])).ToArray()).Single());

        await gen.Where(items => items.Length > 0).SampleAsync(async items =>
        {
            using var body = BufferedBody.Of(System.Text.Encoding.UTF8.GetBytes($"[{string.Join(",", items)}]"));
            var (ranges, refused) = body.Split(AssessmentBatchesApi.MaxItems);
            Assert.Null(refused);
            var batch = grader.GradeBatch(ruleSet, body.Span, ranges, "trace", recordMetrics: false);
            var expected = batch.ToResponse();

            Assert.Equal(JsonSerializer.Serialize(expected, options), await WriteAsync(new BatchAnswerResult(json, batch, lines: false)));
            string[] lines =
            [
                JsonSerializer.Serialize(new AssessmentBatchHeader(expected.Ruleset, expected.Disclaimer, expected.Graded, expected.NotGraded), options),
                .. expected.Results.Select(r => JsonSerializer.Serialize(r, options)),
            ];
            Assert.Equal(string.Join("", lines.Select(l => l + "\n")), await WriteAsync(new BatchAnswerResult(json, batch, lines: true)));
        }, iter: 60, threads: 1);
    }

    private async Task<string> WriteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        await context.Response.BodyWriter.CompleteAsync();
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
