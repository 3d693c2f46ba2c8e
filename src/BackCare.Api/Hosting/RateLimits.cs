using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace BackCare.Api.Hosting;

/// <summary>
/// <c>RateLimit:PermitsPerMinute</c> requests per client: a token bucket that holds that many and refills at that rate per minute.
/// A client is its API key when it presents a valid one, else its address. Only the /v1 group is limited; 0 turns limiting off.
/// </summary>
public static partial class RateLimits
{
    public const string ConfigurationKey = "RateLimit:PermitsPerMinute";

    /// <summary>Ten a second on average per client: far above what one app showing a questionnaire needs, and a cap on a runaway loop.</summary>
    public const int DefaultPermitsPerMinute = 600;

    /// <summary>The partitioned limiter refills its buckets on a 100 ms timer; a shorter period would be rounded up to it.</summary>
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(100);

    public static int PermitsPerMinute(IConfiguration configuration) => configuration.GetValue(ConfigurationKey, DefaultPermitsPerMinute);

    /// <summary>The policy the /v1 group requires; endpoints outside it (health, the docs) are never limited.</summary>
    public const string Policy = "per-client";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = PermitsPerMinute(configuration);
        if (permits < 0)
        {
            throw new InvalidOperationException($"{ConfigurationKey} is {permits}; use 0 to turn rate limiting off or a positive number of requests.");
        }

        var bucket = Bucket(Math.Max(permits, 1));
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => permits == 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => bucket));
            options.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"This client has sent more than {permits} requests in a minute. Retry after {seconds} s."));
            };
        });
    }

    /// <summary>After authentication, so that a client with a valid key is counted by its key; before authorization, so that wrong keys count against the address.</summary>
    public static IApplicationBuilder UseRateLimits(this WebApplication app)
    {
        var permits = PermitsPerMinute(app.Configuration);
        LogLimit(app.Logger, permits == 0 ? "off" : $"{permits} requests per minute per client");
        return app.UseRateLimiter();
    }

    /// <summary>A full bucket of <paramref name="permits"/>, refilled evenly so that the sustained rate is <paramref name="permits"/> a minute.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int permits)
    {
        // The fewest tokens per refill that keep the period at or above the timer's 100 ms, so that the rate stays exact.
        var minute = TimeSpan.FromMinutes(1).Ticks;
        var tokens = (int)Math.Ceiling((double)permits * ShortestPeriod.Ticks / minute);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            ReplenishmentPeriod = TimeSpan.FromTicks(minute * tokens / permits),
            TokensPerPeriod = tokens,
            QueueLimit = 0,
            // The partitioned limiter refills every bucket from one timer instead of one timer per client.
            AutoReplenishment = false,
        };
    }

    /// <summary>The API key's id when a valid one is presented, else the address; IPv6 by its /64, which one subscriber usually holds whole.</summary>
    private static string ClientOf(HttpContext context)
    {
        if (context.ApiKeyId() is { } key)
        {
            return key;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limit: {Limit}")]
    private static partial void LogLimit(ILogger logger, string limit);
}
