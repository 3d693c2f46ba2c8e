using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace BackCare.Api.Hosting;

/// <summary>
/// Token buckets in Redis, one per client for every instance: a Lua script takes a token atomically, refilling by Redis' own clock
/// (so instances' clocks do not matter). Redis unavailable is never an error to the caller: a call that fails, or takes longer than
/// <see cref="Timeout"/>, is answered "unavailable", and for <see cref="Pause"/> after it every instance counts its clients alone
/// (a warning, and the <c>backcare.ratelimit.local</c> counter), then tries Redis again and is shared once more when it answers.
/// </summary>
public sealed partial class RedisBuckets : IDisposable
{
    public const string MeterName = "BackCare.RateLimits";

    /// <summary>How long a call to Redis may take before this instance decides alone.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <summary>How long after a failure this instance decides alone before trying Redis again.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    // KEYS[1] the bucket; ARGV[1] its size, ARGV[2] tokens per millisecond. Returns {1, 0} when a token was taken, else
    // {0, milliseconds until the next one}. The bucket expires once it would be full again, so idle clients cost nothing.
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local size = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or size
        local at = tonumber(state[2]) or now
        tokens = math.min(size, tokens + math.max(0, now - at) * rate)
        local taken, wait = 0, 0
        if tokens >= 1 then
          tokens = tokens - 1
          taken = 1
        else
          wait = math.ceil((1 - tokens) / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil((size - tokens) / rate) + 1000)
        return {taken, wait}
        """;

    private readonly Task<ConnectionMultiplexer> _redis;
    private readonly ILogger<RedisBuckets> _logger;
    private readonly TimeProvider _time;
    private readonly Counter<long> _local;
    private long _pausedUntil;
    private int _down;

    public RedisBuckets(IConfiguration configuration, ILogger<RedisBuckets> logger, IMeterFactory meters, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _local = meters.Create(MeterName).CreateCounter<long>("backcare.ratelimit.local", "{request}",
            "Requests this instance counted alone because the shared store (Redis) was unavailable.");
        var options = ConfigurationOptions.Parse(configuration[RateLimits.RedisConnectionKey]!);
        // Never wait on Redis longer than the fallback would: a request is not held up by a store that has gone away.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, (int)Timeout.TotalMilliseconds);
        options.SyncTimeout = Math.Min(options.SyncTimeout, (int)Timeout.TotalMilliseconds);
        _redis = ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>False while this instance is deciding alone after a failure.</summary>
    public bool Available => _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _pausedUntil);

    /// <summary>Takes one token from the client's shared bucket: the lease, or null when Redis is unavailable.</summary>
    public async Task<RateLimitLease?> TakeAsync(string bucket, int permitsPerMinute, CancellationToken cancellationToken)
    {
        var result = await RunAsync(async db => (RedisResult[])(await db.ScriptEvaluateAsync(
            TakeScript, [new RedisKey($"backcare:ratelimit:{bucket}")], [permitsPerMinute, permitsPerMinute / 60_000.0]))!, cancellationToken);
        return result?.Value is not { } taken ? null : (int)taken[0] == 1 ? SharedLease.Taken : new SharedLease(TimeSpan.FromMilliseconds((long)taken[1]));
    }

    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="lifetime"/> across every instance (the jti of an accepted CDS Hooks token, say):
    /// true for the first claim, false when it was claimed before, null when Redis is unavailable.
    /// </summary>
    public async Task<bool?> ClaimOnceAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var claimed = await RunAsync(db => db.StringSetAsync($"backcare:{key}", 1, lifetime, When.NotExists), cancellationToken);
        return claimed?.Value;
    }

    /// <summary>One call to Redis within <see cref="Timeout"/>: its result, or null when Redis is paused after a failure or fails now.</summary>
    private async Task<Box<T>?> RunAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            var redis = await _redis.WaitAsync(Timeout, cancellationToken);
            var result = await call(redis.GetDatabase()).WaitAsync(Timeout, cancellationToken);
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                LogBack(_logger);
            }

            return new Box<T>(result);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _pausedUntil, (_time.GetUtcNow() + Pause).UtcTicks);
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                LogDown(_logger, e.GetType().Name, Pause.TotalSeconds);
            }

            return null;
        }
    }

    private sealed record Box<T>(T Value);

    /// <summary>Counts a request this instance decided alone.</summary>
    public void CountedLocally() => _local.Add(1);

    public void Dispose()
    {
        if (_redis.IsCompletedSuccessfully)
        {
            _redis.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits: Redis is unavailable ({Error}); each instance counts its clients alone, trying Redis again every {Seconds} s")]
    private static partial void LogDown(ILogger logger, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits: Redis answers again; limits are shared")]
    private static partial void LogBack(ILogger logger);

    private sealed class SharedLease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly SharedLease Taken = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

/// <summary>
/// One client's bucket in Redis, and the bucket of this instance it falls back to while Redis is unavailable. The rate limiter
/// tries a synchronous take first: with Redis available that is deferred (not acquired) to the asynchronous one, which asks Redis.
/// </summary>
internal sealed class SharedBucket(string bucket, int permitsPerMinute, RedisBuckets redis) : ReplenishingRateLimiter
{
    private static readonly RateLimitLease Deferred = new DeferredLease();

    private readonly TokenBucketRateLimiter _local = new(RateLimits.Bucket(permitsPerMinute));

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _local.ReplenishmentPeriod;

    public override bool TryReplenish() => _local.TryReplenish();

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (redis.Available)
        {
            return Deferred;
        }

        // A refused one is counted when the asynchronous take that follows refuses it too.
        var lease = _local.AttemptAcquire(permitCount);
        if (lease.IsAcquired)
        {
            redis.CountedLocally();
        }

        return lease;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.Available && await redis.TakeAsync(bucket, permitsPerMinute, cancellationToken) is { } shared)
        {
            return shared;
        }

        redis.CountedLocally();
        return await _local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class DeferredLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
