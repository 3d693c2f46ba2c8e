using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BackCare.Api.Assessments;

/// <summary>
/// A batch's answer as NDJSON (<c>application/x-ndjson</c>): the header (stamp, disclaimer, counts) on the first line, then one
/// result per line in the order of the items. Every item is graded before the first line is written, as for the JSON answer.
/// </summary>
public sealed class NdjsonBatchResult(AssessmentBatchResponse answer) : IResult
{
    public const string MediaType = "application/x-ndjson";

    /// <summary>Lines written between flushes: a 1,000-item answer (about 2 MB) goes out in pieces rather than all in memory.</summary>
    private const int LinesPerFlush = 64;

    public AssessmentBatchResponse Answer { get; } = answer;

    public async Task ExecuteAsync(HttpContext context)
    {
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var header = (JsonTypeInfo<AssessmentBatchHeader>)json.GetTypeInfo(typeof(AssessmentBatchHeader));
        var item = (JsonTypeInfo<AssessmentBatchItem>)json.GetTypeInfo(typeof(AssessmentBatchItem));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MediaType;
        var pipe = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe);
        JsonSerializer.Serialize(writer, new AssessmentBatchHeader(Answer.Ruleset, Answer.Disclaimer, Answer.Graded, Answer.NotGraded), header);
        NewLine(writer, pipe);
        for (var i = 0; i < Answer.Results.Count; i++)
        {
            JsonSerializer.Serialize(writer, Answer.Results[i], item);
            NewLine(writer, pipe);
            if (i % LinesPerFlush == LinesPerFlush - 1)
            {
                await pipe.FlushAsync(context.RequestAborted);
            }
        }

        await pipe.FlushAsync(context.RequestAborted);
    }

    /// <summary>Whether the client asked for NDJSON: <c>Accept</c> names it, and names <c>application/json</c> with no higher quality.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        double ndjson = 0, plain = 0;
        foreach (var accepted in request.GetTypedHeaders().Accept)
        {
            var quality = accepted.Quality ?? 1;
            if (accepted.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            {
                ndjson = Math.Max(ndjson, quality);
            }
            else if (accepted.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                plain = Math.Max(plain, quality);
            }
        }

        return ndjson > 0 && ndjson > plain;
    }

    /// <summary>Whether the body is sent as NDJSON.</summary>
    public static bool IsSent(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    private static void NewLine(Utf8JsonWriter writer, System.IO.Pipelines.PipeWriter pipe)
    {
        writer.Flush();
        pipe.Write("\n"u8);
        writer.Reset(pipe);
    }
}
