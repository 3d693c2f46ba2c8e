using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackCare.Api.Hosting;

/// <summary>
/// <c>RateLimit:PermitsPerMinute</c> requests per client: a token bucket that holds that many and refills at that rate per minute.
/// A client is its API key when it presents a valid one (with its own allowance in <c>RateLimit:PerKey:N</c> for the N-th key of
/// <c>Auth:ApiKeys</c>), else its address. The buckets live in this process (<c>RateLimit:Store</c> <c>Memory</c>) or in Redis,
/// shared by every instance (<c>Redis</c>, with <c>ConnectionStrings:Redis</c>). Only the API groups are limited; 0 turns limiting off.
/// </summary>
public static partial class RateLimits
{
    public const string ConfigurationKey = "RateLimit:PermitsPerMinute";
    public const string PerKeyKey = "RateLimit:PerKey";
    public const string StoreKey = "RateLimit:Store";
    public const string RedisConnectionKey = "ConnectionStrings:Redis";

    /// <summary>Ten a second on average per client: far above what one app showing a questionnaire needs, and a cap on a runaway loop.</summary>
    public const int DefaultPermitsPerMinute = 600;

    /// <summary>The partitioned limiter refills its buckets on a 100 ms timer; a shorter period would be rounded up to it.</summary>
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(100);

    public static int PermitsPerMinute(IConfiguration configuration) => configuration.GetValue(ConfigurationKey, DefaultPermitsPerMinute);

    /// <summary>The policy the API groups require; endpoints outside them (health, the docs) are never limited.</summary>
    public const string Policy = "per-client";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = PermitsPerMinute(configuration);
        if (permits < 0)
        {
            throw new InvalidOperationException($"{ConfigurationKey} is {permits}; use 0 to turn rate limiting off or a positive number of requests.");
        }

        var perKey = PerKey(configuration);
        var shared = Store(configuration);
        if (shared)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<RedisBuckets>();
        }

        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context =>
            {
                if (permits == 0)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }

                var (bucket, allowance) = ClientOf(context, permits, perKey);
                if (!shared)
                {
                    return RateLimitPartition.GetTokenBucketLimiter(bucket, _ => Bucket(allowance));
                }

                var redis = context.RequestServices.GetRequiredService<RedisBuckets>();
                return RateLimitPartition.Get(bucket, id => new SharedBucket(id, allowance, redis));
            });
            options.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var (_, allowance) = ClientOf(rejected.HttpContext, permits, perKey);
                return new ValueTask(Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"This client has sent more than {allowance} requests in a minute. Retry after {seconds} s."));
            };
        });
    }

    /// <summary>After authentication, so that a client with a valid key is counted by its key; before authorization, so that wrong keys count against the address.</summary>
    public static IApplicationBuilder UseRateLimits(this WebApplication app)
    {
        var permits = PermitsPerMinute(app.Configuration);
        var store = Store(app.Configuration) ? "shared in Redis" : "in this instance";
        LogLimit(app.Logger, permits == 0 ? "off" : $"{permits} requests per minute per client, {store}");
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

    /// <summary>Whether the buckets are shared in Redis; anything but <c>Memory</c> (the default) or <c>Redis</c> stops the app at start-up.</summary>
    private static bool Store(IConfiguration configuration) => configuration[StoreKey] switch
    {
        null or "" or "Memory" => false,
        "Redis" when !string.IsNullOrWhiteSpace(configuration[RedisConnectionKey]) => true,
        "Redis" => throw new InvalidOperationException($"{StoreKey} is Redis, but {RedisConnectionKey} is not set."),
        var other => throw new InvalidOperationException($"{StoreKey} is '{other}'; use Memory (the default) or Redis."),
    };

    /// <summary>The allowances of <c>RateLimit:PerKey</c>, by key id: each a positive number, for a key that is configured.</summary>
    private static Dictionary<string, int> PerKey(IConfiguration configuration)
    {
        var keys = configuration.GetSection(ApiKeys.ConfigurationKey).Get<string[]>()?.Length ?? 0;
        var allowances = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(PerKeyKey).GetChildren())
        {
            if (!int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= keys)
            {
                throw new InvalidOperationException($"{PerKeyKey}:{entry.Key} names no key: use the index of a key in {ApiKeys.ConfigurationKey} (0 to {keys - 1}).");
            }

            if (!int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) || permits <= 0)
            {
                throw new InvalidOperationException($"{PerKeyKey}:{entry.Key} is '{entry.Value}'; use a positive number of requests per minute.");
            }

            allowances[$"key-{index}"] = permits;
        }

        return allowances;
    }

    /// <summary>
    /// The client's bucket and allowance: its API key's (a hash, never the key) when a valid one is presented, else its address;
    /// IPv6 by its /64, which one subscriber usually holds whole.
    /// </summary>
    private static (string Bucket, int Permits) ClientOf(HttpContext context, int permits, Dictionary<string, int> perKey)
    {
        if (context.ApiKeyId() is { } key)
        {
            return (context.RequestServices.GetRequiredService<ApiKeys>().BucketOf(key), perKey.GetValueOrDefault(key, permits));
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return ("unknown", permits);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return (address.MapToIPv4().ToString(), permits);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return (new IPAddress(bytes) + "/64", permits);
        }

        return (address.ToString(), permits);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limit: {Limit}")]
    private static partial void LogLimit(ILogger logger, string limit);
}
