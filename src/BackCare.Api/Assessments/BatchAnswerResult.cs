using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace BackCare.Api.Assessments;

/// <summary>
/// A batch's 200 answer, written item by item as it goes out: one JSON object (the header's members, then <c>results</c>), or as
/// NDJSON (<c>application/x-ndjson</c>) the header on the first line and one result per line, in the order of the items. Every item is
/// graded before the first byte is written. Either way a 1,000-item answer (about 2 MB) leaves in pieces rather than whole in memory.
/// </summary>
public sealed class BatchAnswerResult(AssessmentJson json, GradedBatch batch, bool lines) : IResult
{
    /// <summary>Items written between flushes.</summary>
    private const int ItemsPerFlush = 64;

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = lines ? Ndjson.MediaType : "application/json; charset=utf-8";
        var pipe = context.Response.BodyWriter;
        json.WriteBatchHeader(pipe, batch);
        pipe.Write(lines ? "}\n"u8 : ",\"results\":["u8);
        for (var i = 0; i < batch.Results.Count; i++)
        {
            if (i > 0 && !lines)
            {
                pipe.Write(","u8);
            }

            json.WriteBatchItem(pipe, batch.RuleSet, batch.Results[i]);
            if (lines)
            {
                pipe.Write("\n"u8);
            }

            if (i % ItemsPerFlush == ItemsPerFlush - 1)
            {
                await pipe.FlushAsync(context.RequestAborted);
            }
        }

        if (!lines)
        {
            pipe.Write("]}"u8);
        }

        await pipe.FlushAsync(context.RequestAborted);
    }
}

/// <summary>NDJSON (<c>application/x-ndjson</c>) for a batch: a request per line in, a result per line out.</summary>
public static class Ndjson
{
    public const string MediaType = "application/x-ndjson";

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
}
