using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace BackCare.Api.Tests.Hosting;

/// <summary>RateLimit:PermitsPerMinute per client (API key, else address): a 429 problem with Retry-After beyond it; health never limited.</summary>
[Collection("api")]
public sealed class RateLimitTests(ApiFactory factory)
{
    private const string Alpha = ApiKeyTests.Alpha;
    private const string Beta = ApiKeyTests.Beta;

    private WebApplicationFactory<Program> Limited(int permits, params string[] keys) => factory.WithWebHostBuilder(builder => builder
        .UseSetting(RateLimits.ConfigurationKey, permits.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseKeys(keys));

    [Fact]
    public async Task Past_the_limit_a_client_gets_a_429_problem_with_retry_after()
    {
        var client = Limited(3).CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/exercises")).StatusCode);
        }

        var response = await client.GetAsync("/v1/questions");

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc6585#section-4",
            ["title"] = "Too Many Requests",
            ["status"] = 429,
            ["detail"] = "This client has sent more than 3 requests in a minute. Retry after 20 s.",
        });
        // 3 a minute refill one every 20 s.
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Health_is_never_limited()
    {
        var client = Limited(1).CreateClient();
        await client.GetAsync("/v1/exercises");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v1/exercises")).StatusCode);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(i % 2 == 0 ? "/health/live" : "/health/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task Each_api_key_has_its_own_allowance()
    {
        var api = Limited(2, Alpha, Beta);
        var alpha = api.CreateClient();
        alpha.DefaultRequestHeaders.Add(ApiKeys.HeaderName, Alpha);
        var beta = api.CreateClient();
        beta.DefaultRequestHeaders.Add(ApiKeys.HeaderName, Beta);

        await alpha.GetAsync("/v1/exercises");
        await alpha.GetAsync("/v1/exercises");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await alpha.GetAsync("/v1/exercises")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await beta.GetAsync("/v1/exercises")).StatusCode);
    }

    [Fact]
    public async Task A_key_with_an_allowance_of_its_own_gets_it_and_the_others_the_default()
    {
        var api = factory.WithWebHostBuilder(builder => builder
            .UseSetting(RateLimits.ConfigurationKey, "2")
            .UseSetting($"{RateLimits.PerKeyKey}:1", "4")
            .UseKeys(Alpha, Beta));
        var alpha = api.CreateClient();
        alpha.DefaultRequestHeaders.Add(ApiKeys.HeaderName, Alpha);
        var beta = api.CreateClient();
        beta.DefaultRequestHeaders.Add(ApiKeys.HeaderName, Beta);

        var alphaAnswers = new List<HttpStatusCode>();
        var betaAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            alphaAnswers.Add((await alpha.GetAsync("/v1/exercises")).StatusCode);
            betaAnswers.Add((await beta.GetAsync("/v1/exercises")).StatusCode);
        }

        Assert.Equal(2, alphaAnswers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, betaAnswers.Count(s => s == HttpStatusCode.OK));
        var refused = await beta.GetAsync("/v1/exercises");
        Assert.Contains("more than 4 requests in a minute", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_keys_bucket_is_a_hash_of_the_key_the_same_whatever_the_order_and_never_the_key()
    {
        var one = new ApiKeys(new ConfigurationBuilder().AddInMemoryCollection([new("Auth:ApiKeys:0", Alpha), new("Auth:ApiKeys:1", Beta)]).Build());
        var other = new ApiKeys(new ConfigurationBuilder().AddInMemoryCollection([new("Auth:ApiKeys:0", Beta), new("Auth:ApiKeys:1", Alpha)]).Build());

        Assert.Equal(one.BucketOf("key-0"), other.BucketOf("key-1"));
        Assert.NotEqual(one.BucketOf("key-0"), one.BucketOf("key-1"));
        Assert.Matches("^key:[0-9a-f]{24}$", one.BucketOf("key-0"));
        Assert.DoesNotContain(Alpha, one.BucketOf("key-0"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RateLimits.PerKeyKey + ":2", "10", "RateLimit:PerKey:2 names no key")]
    [InlineData(RateLimits.PerKeyKey + ":alpha", "10", "RateLimit:PerKey:alpha names no key")]
    [InlineData(RateLimits.PerKeyKey + ":0", "0", "RateLimit:PerKey:0 is '0'; use a positive number")]
    [InlineData(RateLimits.StoreKey, "Memcached", "RateLimit:Store is 'Memcached'; use Memory (the default) or Redis.")]
    [InlineData(RateLimits.StoreKey, "Redis", "RateLimit:Store is Redis, but ConnectionStrings:Redis is not set.")]
    public void A_limit_setting_that_cannot_be_right_stops_the_app_naming_it(string key, string value, string message)
    {
        var api = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value).UseKeys(Alpha, Beta));

        var error = Assert.Throws<InvalidOperationException>(() => api.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_Redis_store_unreachable_no_call_fails_each_is_counted_by_this_instance_and_a_warning_says_so()
    {
        var logs = new CapturedLogs();
        var api = logs.Attach(factory, builder => builder
            .UseSetting(RateLimits.ConfigurationKey, "2")
            .UseSetting(RateLimits.StoreKey, "Redis")
            // Nothing listens on port 1.
            .UseSetting(RateLimits.RedisConnectionKey, "127.0.0.1:1"));
        var local = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RedisBuckets.MeterName && instrument.Name == "backcare.ratelimit.local")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref local, value));
        listener.Start();
        var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("/v1/exercises")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, Interlocked.Read(ref local));
        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("Rate limits: Redis is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_keys_count_against_the_callers_address_so_keys_cannot_be_guessed_at_full_speed()
    {
        var api = Limited(2, Alpha);
        var guesser = api.CreateClient();

        foreach (var guess in new[] { "guess-1", "guess-2" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
            request.Headers.Add(ApiKeys.HeaderName, guess);
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(request)).StatusCode);
        }

        var third = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
        third.Headers.Add(ApiKeys.HeaderName, "guess-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.SendAsync(third)).StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(600)]
    [InlineData(601)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void The_bucket_holds_the_limit_and_refills_it_each_minute_at_no_less_than_the_timers_100_ms(int permits)
    {
        var bucket = RateLimits.Bucket(permits);

        Assert.Equal(permits, bucket.TokenLimit);
        Assert.Equal(0, bucket.QueueLimit);
        Assert.InRange(bucket.ReplenishmentPeriod, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        var perMinute = bucket.TokensPerPeriod * (TimeSpan.FromMinutes(1) / bucket.ReplenishmentPeriod);
        Assert.InRange(perMinute, permits * 0.999, permits * 1.001);
    }

    [Fact]
    public void A_negative_limit_stops_the_app()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Limited(-1).CreateClient());

        Assert.Equal("RateLimit:PermitsPerMinute is -1; use 0 to turn rate limiting off or a positive number of requests.", error.Message);
    }

    [Fact]
    public void The_shipped_settings_limit_each_client_to_600_a_minute()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        Assert.Equal(600, RateLimits.PermitsPerMinute(shipped));
    }
}
