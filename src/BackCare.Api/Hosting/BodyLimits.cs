using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace BackCare.Api.Hosting;

/// <summary>
/// Kestrel enforces each endpoint's body limit (its <c>IRequestSizeLimitMetadata</c>, applied by routing), but past it closes the
/// connection while the client may still be sending, and such a client sees a broken pipe instead of the 413: measured with
/// HttpClient, 10 of 10 bodies of 20 MB, declared or chunked. So a body not declared within the limit is counted here instead,
/// and past the limit the rest is read away (at most 64 MiB, for at most 5 s) before the 413 problem is answered. Bodies
/// declared within the limit, nearly all of them, are left to Kestrel untouched.
/// </summary>
public static class BodyLimits
{
    private const long DrainBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    /// <summary>Lets the endpoint take a body of up to <paramref name="maxBytes"/> (routing applies it; Kestrel answers 413 beyond it).</summary>
    public static RouteHandlerBuilder WithRequestSizeLimit(this RouteHandlerBuilder builder, long maxBytes) =>
        builder.WithMetadata(new RequestSizeLimit(maxBytes));

    /// <summary>After authorization, so that only an authorized client within its rate limit gets a body read at all.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var declared = context.Request.ContentLength;
        if (size is not { IsReadOnly: false, MaxRequestBodySize: { } max } || declared <= max
            || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            await next(context);
            return;
        }

        size.MaxRequestBodySize = null;
        var body = context.Request.Body;
        // A body declared larger than the limit fails at its first read, as Kestrel's would.
        var counted = new CountedBody(body, declared > max ? 0 : max);
        context.Request.Body = counted;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Body = body;
            if (counted.Exceeded)
            {
                await DrainAsync(body, context.RequestAborted);
            }
        }
    });

    private static async Task DrainAsync(Stream body, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(DrainTime);
        var scratch = new byte[16 * 1024];
        try
        {
            for (long total = 0, read; total < DrainBytes && (read = await body.ReadAsync(scratch, timeout.Token)) > 0; total += read)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client stopped, sent more or took too long: the server closes the connection, which is all that is left to do.
        }
    }

    /// <summary>The request body, failing as Kestrel does (a 413 <see cref="BadHttpRequestException"/>) once more than the limit is read.</summary>
    private sealed class CountedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // One byte past the limit is enough to know.
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _read + 1)], cancellationToken);
            _read += read;
            if (_read > limit)
            {
                Exceeded = true;
                throw new BadHttpRequestException("The request body is larger than the endpoint accepts.", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The request body is read asynchronously.");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class RequestSizeLimit(long maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxBytes;
    }
}
