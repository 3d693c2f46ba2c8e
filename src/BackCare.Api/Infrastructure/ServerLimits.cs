using BackCare.Api.Assessments;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Infrastructure;

/// <summary>
/// Kestrel's limits, chosen for a JSON API whose largest request is a 16 KiB POST, so that slow, idle or oversized
/// clients are cut off early and cannot starve normal callers. Any of them can be overridden under <c>Kestrel:Limits</c>.
/// </summary>
public static class ServerLimits
{
    public const string Section = "Kestrel:Limits";

    public static WebApplicationBuilder AddServerLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            Apply(kestrel.Limits);
            context.Configuration.GetSection(Section).Bind(kestrel.Limits);
        });
        return builder;
    }

    /// <summary>How long, and how much, of a refused body is read and discarded so that the client gets to read the 413.</summary>
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    private const long DrainBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Enforces <c>MaxRequestBodySize</c> itself for bodies whose length is not declared within it (chunked, or declared
    /// larger): up to the limit is buffered for the endpoint; past it the answer is a 413 problem, after which the rest of the
    /// body is read and discarded for a few seconds. Left to the server, such a body ends in a closed connection, and a client
    /// still uploading sees a reset instead of the 413. Bodies declared within the limit, nearly all of them, pass untouched.
    /// </summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize;
        return limit is not { } max ? app : app.Use(async (context, next) =>
        {
            var declared = context.Request.ContentLength;
            var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (declared <= max || (declared is null && !HasBody(context)) || size?.IsReadOnly == true)
            {
                await next(context);
                return;
            }

            if (size is not null)
            {
                // Counted here instead, so that the server does not fail the read at the limit and close the connection.
                size.MaxRequestBodySize = null;
            }

            var buffer = new byte[max + 1];
            var read = declared > max ? buffer.Length : await FillAsync(context.Request.Body, buffer, context.RequestAborted);
            if (read <= max)
            {
                // From here the body is in memory with a known length: an endpoint's own, lower limit is checked against it.
                context.Request.Body = new MemoryStream(buffer, 0, read, writable: false);
                context.Request.ContentLength = read;
                context.Features.Set<IHttpMaxRequestBodySizeFeature>(new BufferedBodySize());
                await next(context);
                return;
            }

            if (declared > DrainBytes)
            {
                context.Response.Headers.Connection = "close";
            }

            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge);
            await context.Response.CompleteAsync();
            if (declared is null or <= DrainBytes)
            {
                await DrainAsync(context.Request.Body, context.RequestAborted);
            }
        });
    }

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.Headers.TransferEncoding.Count > 0;

    private static async Task<int> FillAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task DrainAsync(Stream body, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(DrainTime);
        var scratch = new byte[16 * 1024];
        try
        {
            for (long total = 0; total < DrainBytes;)
            {
                var read = await body.ReadAsync(scratch, timeout.Token);
                if (read == 0)
                {
                    return;
                }

                total += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped or took too long: the server closes the connection, which is all that is left to do.
        }
    }

    public static void Apply(KestrelServerLimits limits)
    {
        // Far above the 200 slow clients the service must shrug off; a flood beyond it is refused instead of exhausting memory.
        limits.MaxConcurrentConnections = 2000;
        // No endpoint upgrades a connection (no WebSockets).
        limits.MaxConcurrentUpgradedConnections = 0;
        // The largest body any endpoint takes (POST /v1/assessments); an endpoint may only lower it.
        limits.MaxRequestBodySize = AssessmentsApi.MaxBodyBytes;
        // Every URL of the API fits in a few hundred bytes.
        limits.MaxRequestLineSize = 4 * 1024;
        // Callers send a handful of short headers (no cookies), proxies and tracing add a few; half the defaults keeps a slow client's buffer small.
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestHeaderCount = 64;
        // A real client sends its headers in one packet; a slow-headers attack is cut off after 10 s instead of 30.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        // Long enough for partners' connection pools to reuse connections, short enough that idle ones do not pile up.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        // 16 KiB arrives in at most ~20 s; a client trickling a body slower than 1 KiB/s after a 5 s grace is cut off.
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
        // Answers are a few KiB; a client that will not read them is dropped rather than holding the connection.
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
    }

    /// <summary>Stands in for the server's feature once the body is buffered, so that routing can still set an endpoint's limit.</summary>
    private sealed class BufferedBodySize : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
