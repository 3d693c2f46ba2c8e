using System.Buffers;
using System.Text.Json;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace BackCare.Api.Assessments;

/// <summary>
/// A request body read whole into a pooled buffer (never past its limit). A single call's body is read as it is; a batch's is split
/// into the JSON text of each item without reading any item, so that each is then read exactly as the single call reads its body. A
/// batch that is not one well-formed JSON array, or holds no item or too many, is refused whole: its items cannot be told apart, or
/// it is not a batch the API takes.
/// </summary>
public sealed class BufferedBody : IDisposable
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private byte[]? _buffer;
    private readonly int _length;

    private BufferedBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>The body less a leading UTF-8 byte order mark, which the JSON readers of the framework skip too.</summary>
    public ReadOnlySpan<byte> Json => Span.StartsWith(Utf8Bom) ? Span[Utf8Bom.Length..] : Span;

    /// <summary>
    /// Reads the request body; past <paramref name="maxBytes"/> it throws the 413 <see cref="BadHttpRequestException"/> Kestrel throws,
    /// which the problem handler answers. Kestrel enforces the endpoint's limit as well; this bound holds on any server.
    /// </summary>
    public static async Task<BufferedBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Clamp(request.ContentLength ?? 64 * 1024, 1024, maxBytes + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return new BufferedBody(buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new BadHttpRequestException("The request body is larger than the endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Reads the request body, or says why it could not be: over <paramref name="maxBytes"/> (413) or too slow (408), answered here where
    /// the problem can still name the endpoint's limit, or the connection broken mid-body (400: nobody may read it, but it is no server error).
    /// </summary>
    public static async Task<(BufferedBody? Body, ProblemDetails? Problem)> TryReadAsync(HttpContext context, long maxBytes)
    {
        try
        {
            return (await ReadAsync(context.Request, maxBytes, context.RequestAborted), null);
        }
        catch (BadHttpRequestException e)
        {
            return (null, Problems.FromBadRequest(context, e));
        }
        catch (IOException)
        {
            return (null, Problems.Validation("The request body could not be read to its end.", "body", "The connection broke while the body was being sent."));
        }
    }

    /// <summary>A body already in memory (the OpenAPI document's example).</summary>
    public static BufferedBody Of(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(buffer);
        return new BufferedBody(buffer, bytes.Length);
    }

    /// <summary>
    /// Where each item's JSON text lies in the body, or the 400 problem that refuses the whole body: not JSON, not an array, empty,
    /// or more than <paramref name="maxItems"/> items (all of them are counted, so the problem says how many there were).
    /// </summary>
    public (IReadOnlyList<Range> Items, ProblemDetails? Problem) Split(int maxItems)
    {
        var body = Span;
        // The single call's reader skips a UTF-8 byte order mark; so does this one.
        var offset = body.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        if (Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return ([], Problems.Validation("The request body is missing: send a JSON array of assessment requests.", "body",
                $"A JSON array of 1 to {maxItems} assessment requests is required."));
        }

        var reader = new Utf8JsonReader(body[offset..], new JsonReaderOptions { MaxDepth = 64 });
        var items = new List<Range>();
        var count = 0;
        bool inArray = false, closed = false;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                // Still read to its end, so that text that is not JSON at all is named as such.
                reader.Skip();
                while (reader.Read())
                {
                }

                return ([], NotAnArray(maxItems));
            }

            inArray = true;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = offset + (int)reader.TokenStartIndex;
                reader.Skip();
                if (++count <= maxItems)
                {
                    items.Add(new Range(start, offset + (int)reader.BytesConsumed));
                }
            }

            // Anything but white space after the array is not JSON.
            closed = true;
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            var where = closed ? ", after the array" : inArray ? $", in item {count}" : "";
            return ([], Problems.Validation("The request body is not valid JSON, so its items cannot be told apart.", "body",
                $"Malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}{where}."));
        }

        return count switch
        {
            0 => ([], Problems.Validation("The request body is an empty array: there is nothing to grade.", "body",
                $"The array must hold 1 to {maxItems} assessment requests; it holds none.")),
            _ when count > maxItems => ([], Problems.Validation(
                $"The request body holds {count} assessment requests; one call takes at most {maxItems}. Split the list into several calls.", "body",
                $"The array must hold 1 to {maxItems} assessment requests; it holds {count}.")),
            _ => (items, null),
        };
    }

    /// <summary>
    /// Where each item lies in an NDJSON body: one item per line (LF or CRLF), lines of only white space skipped. A line is not read
    /// here: one that is not JSON is that item's problem, as its own body would be on the single call. Refused whole only when it
    /// holds no item or more than <paramref name="maxItems"/> (all counted).
    /// </summary>
    public (IReadOnlyList<Range> Items, ProblemDetails? Problem) SplitLines(int maxItems)
    {
        var body = Span;
        var offset = body.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var items = new List<Range>();
        var count = 0;
        while (offset < body.Length)
        {
            var end = body[offset..].IndexOf((byte)'\n') is var newline and >= 0 ? offset + newline : body.Length;
            var line = body[offset..end];
            var trimmed = line.Trim(" \t\r"u8);
            if (!trimmed.IsEmpty && ++count <= maxItems)
            {
                var start = offset + (line.Length - line.TrimStart(" \t\r"u8).Length);
                items.Add(new Range(start, start + trimmed.Length));
            }

            offset = end + 1;
        }

        return count switch
        {
            0 => ([], Problems.Validation("The request body holds no line: there is nothing to grade.", "body",
                $"Send 1 to {maxItems} assessment requests, one JSON object per line.")),
            _ when count > maxItems => ([], Problems.Validation(
                $"The request body holds {count} assessment requests; one call takes at most {maxItems}. Split the list into several calls.", "body",
                $"The body must hold 1 to {maxItems} lines of assessment requests; it holds {count}.")),
            _ => (items, null),
        };
    }

    private static ProblemDetails NotAnArray(int maxItems) => Problems.Validation(
        "The request body must be a JSON array of assessment requests.", "body",
        $"The body is not a JSON array. Send [ {{…}}, {{…}} ]: 1 to {maxItems} bodies of POST /v1/assessments.");

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
