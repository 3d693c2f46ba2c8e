using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BackCare.Api.Hosting;

/// <summary>
/// Kestrel's limits, chosen for a JSON API whose requests are small, so that slow, idle or oversized
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

    public static void Apply(KestrelServerLimits limits)
    {
        // Far above the 200 slow clients the service must shrug off; a flood beyond it is refused instead of exhausting memory.
        limits.MaxConcurrentConnections = 2000;
        // No endpoint upgrades a connection (no WebSockets).
        limits.MaxConcurrentUpgradedConnections = 0;
        // No body unless the endpoint takes one and says how large (its IRequestSizeLimitMetadata, which routing applies).
        limits.MaxRequestBodySize = 0;
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
}
