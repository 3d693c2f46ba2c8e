using System.Net;
using Xunit.Abstractions;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// Two published instances behind nginx (the stand-in for an ingress) with their limits in one redis-server, all real and on
/// loopback, started and stopped here: one client's limit holds across both instances, another's is its own, a forged
/// X-Forwarded-For gives no new bucket, a CDS Hooks token is accepted once by the whole deployment, Redis stopped is no 5xx and started again is shared limits again, a SIGTERM during load
/// loses no request, and the throughput through nginx with either store.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class ScaleOutTests(PublishedApp published, ITestOutputHelper output)
{
    private const int Permits = 20;
    private const string KeyA = "scale-out-key-a";
    private const string KeyB = "scale-out-key-b";
    private const string LoadKey = "scale-out-load-key";
    private const string PublicBase = "https://backcare.scale.example";
    private const string Ehr = "https://ehr.scale.example";

    private readonly System.Security.Cryptography.ECDsa _ehrKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

    private Task<AppProcess> InstanceAsync(string name, RedisServer? redis)
    {
        var settings = new Dictionary<string, string>
        {
            ["RateLimit__PermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Auth__ApiKeys__0"] = KeyA,
            ["Auth__ApiKeys__1"] = KeyB,
            ["Auth__ApiKeys__2"] = LoadKey,
            // The load client's own allowance, far out of reach: the load runs measure the service, not the limit.
            ["RateLimit__PerKey__2"] = "1000000000",
            ["ForwardedHeaders__KnownNetworks__0"] = $"{Nginx.ProxyAddress}/32",
            ["RateLimit__Store"] = redis is null ? "Memory" : "Redis",
            ["CdsHooks__PublicBaseUrl"] = PublicBase,
            ["CdsHooks__Clients__0__Issuer"] = Ehr,
            ["CdsHooks__Clients__0__PublicKeyPem"] = _ehrKey.ExportSubjectPublicKeyInfoPem(),
        };
        if (redis is not null)
        {
            settings["ConnectionStrings__Redis"] = redis.ConnectionString;
        }

        return published.StartOwnAsync(name, settings);
    }

    /// <summary>The statuses of <paramref name="count"/> calls one after the other, and the instances (ports) that answered them.</summary>
    private static async Task<(List<HttpStatusCode> Statuses, HashSet<string> Upstreams)> CallAsync(
        HttpClient client, int count, string? key, Func<int, string?>? forwardedFor = null)
    {
        var statuses = new List<HttpStatusCode>();
        var upstreams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/exercises");
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            if (forwardedFor?.Invoke(i) is { } forged)
            {
                request.Headers.Add("X-Forwarded-For", forged);
            }

            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.Headers.TryGetValues("X-Upstream", out var upstream))
            {
                upstreams.UnionWith(upstream);
            }
        }

        return (statuses, upstreams);
    }

    private static async Task<HttpStatusCode> DiscoverAsync(AppProcess instance, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "cds-services");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await instance.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static int Count(List<HttpStatusCode> statuses, HttpStatusCode status) => statuses.Count(s => s == status);

    [Fact(Timeout = 180_000)]
    public async Task Limits_hold_across_instances_per_client_ignore_forged_addresses_and_survive_Redis_going_away_and_coming_back()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var one = await InstanceAsync("scale-one", redis);
        await using var two = await InstanceAsync("scale-two", redis);
        await using var nginx = await Nginx.StartAsync(one.Port, two.Port);
        using var ingress = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // (a) One client's limit holds exactly across both instances.
        var a = await CallAsync(ingress, Permits + 10, KeyA);
        Assert.Equal((Permits, 10), (Count(a.Statuses, HttpStatusCode.OK), Count(a.Statuses, HttpStatusCode.TooManyRequests)));
        Assert.Equal(2, a.Upstreams.Count);

        // (b) Another client is unaffected.
        var b = await CallAsync(ingress, Permits, KeyB);
        Assert.Equal(Permits, Count(b.Statuses, HttpStatusCode.OK));

        // A CDS Hooks token is accepted once by the whole deployment: its jti is kept in Redis too (sent straight
        // to each instance, before the address bucket of (c) is spent).
        var token = EhrJwt.Create(_ehrKey, Ehr, $"{PublicBase}/cds-services");
        Assert.Equal(HttpStatusCode.OK, await DiscoverAsync(one, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await DiscoverAsync(two, token));

        // (c) A client without a key is its address as nginx saw it, whatever X-Forwarded-For it writes; so is one that sends it
        // straight to an instance, from an address the instances do not trust.
        var forged = await CallAsync(ingress, Permits + 5, null, i => $"198.51.100.{i + 1}");
        using var direct = new HttpClient { BaseAddress = one.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var straight = await CallAsync(direct, 3, null, i => $"203.0.113.{i + 1}");
        // The two CDS Hooks calls above came from this address too, straight to the instances: the bucket is the same one.
        Assert.Equal((Permits - 2, 7), (Count(forged.Statuses, HttpStatusCode.Unauthorized), Count(forged.Statuses, HttpStatusCode.TooManyRequests)));
        Assert.Equal(3, Count(straight.Statuses, HttpStatusCode.TooManyRequests));

        // (d) Redis stopped: no 5xx; each instance counts alone (each has its own 20, so 30 calls alternating all pass).
        await redis.StopAsync();
        var down = await CallAsync(ingress, 30, KeyA);
        Assert.DoesNotContain(down.Statuses, s => (int)s >= 500);
        await one.WaitForLineAsync("Redis is unavailable", 0, TimeSpan.FromSeconds(10));
        await two.WaitForLineAsync("Redis is unavailable", 0, TimeSpan.FromSeconds(10));
        output.WriteLine($"(d) Redis stopped: {Count(down.Statuses, HttpStatusCode.OK)} of 30 calls by a client already past its shared limit passed on the instances' own buckets; no 5xx.");
        Assert.True(Count(down.Statuses, HttpStatusCode.OK) > 0, "With Redis gone, the instances' own buckets should have let the client in again.");

        // Started again: shared again, once each instance has tried Redis after its pause.
        await redis.StartAsync();
        for (var i = 0; i < 100 && (one.CountLines("Redis answers again") == 0 || two.CountLines("Redis answers again") == 0); i++)
        {
            Assert.DoesNotContain((await CallAsync(ingress, 2, KeyB)).Statuses, s => (int)s >= 500);
            await Task.Delay(200);
        }

        Assert.True(one.CountLines("Redis answers again") > 0 && two.CountLines("Redis answers again") > 0, "The instances did not go back to Redis within 20 s.");
        // Redis restarted empty: key A's shared bucket is full again, and holds exactly across both instances once more.
        var again = await CallAsync(ingress, Permits + 10, KeyA);
        Assert.Equal((Permits, 10), (Count(again.Statuses, HttpStatusCode.OK), Count(again.Statuses, HttpStatusCode.TooManyRequests)));
    }

    [Fact(Timeout = 240_000)]
    public async Task Throughput_through_nginx_with_each_store_and_a_SIGTERM_during_load_loses_no_request()
    {
        const int seconds = 5;
        const int connections = 16;
        var header = $"X-Api-Key: {LoadKey}";

        WrkRun memory, memoryDirect;
        await using (var one = await InstanceAsync("memory-one", null))
        await using (var two = await InstanceAsync("memory-two", null))
        await using (var nginx = await Nginx.StartAsync(one.Port, two.Port))
        {
            await WrkRun.RunAsync(new Uri(nginx.BaseAddress, "v1/exercises"), header, 3, connections);
            memory = await WrkRun.RunAsync(new Uri(nginx.BaseAddress, "v1/exercises"), header, seconds, connections);
            memoryDirect = await WrkRun.RunAsync(new Uri(one.BaseAddress, "v1/exercises"), header, seconds, connections);
        }

        await using var redis = await RedisServer.StartAsync();
        await using var first = await InstanceAsync("redis-one", redis);
        await using var second = await InstanceAsync("redis-two", redis);
        await using var ingress = await Nginx.StartAsync(first.Port, second.Port);
        var url = new Uri(ingress.BaseAddress, "v1/exercises");
        await WrkRun.RunAsync(url, header, 3, connections);
        var shared = await WrkRun.RunAsync(url, header, seconds, connections);
        var sharedDirect = await WrkRun.RunAsync(new Uri(second.BaseAddress, "v1/exercises"), header, seconds, connections);

        // (e) A rolling update: one instance is stopped as Kubernetes stops it while the load runs through nginx.
        var load = WrkRun.RunAsync(url, header, 6, connections);
        await Task.Delay(TimeSpan.FromSeconds(2));
        first.Terminate();
        var during = await load;
        var exit = await first.ExitCodeAsync();

        output.WriteLine($"(f) through nginx to 2 instances, wrk 2 threads {connections} connections {seconds} s, GET /v1/exercises:");
        output.WriteLine($"    Memory store: {memory.RequestsPerSecond:0} r/s, p50 {memory.P50}, p99 {memory.P99}, {memory.Failed} failed");
        output.WriteLine($"    Redis store:  {shared.RequestsPerSecond:0} r/s, p50 {shared.P50}, p99 {shared.P99}, {shared.Failed} failed");
        output.WriteLine($"    straight to one instance: Memory {memoryDirect.RequestsPerSecond:0} r/s (p99 {memoryDirect.P99}), Redis {sharedDirect.RequestsPerSecond:0} r/s (p99 {sharedDirect.P99}): " +
                         $"the Redis store takes {1e6 / sharedDirect.RequestsPerSecond - 1e6 / memoryDirect.RequestsPerSecond:0} µs more of the machine per request (1/throughput, wrk and Redis sharing the cores)");
        output.WriteLine($"(e) SIGTERM to one instance 2 s into a 6 s run: {during.Requests} requests, {during.Failed} failed (non-2xx or socket errors); it exited {exit}.");
        foreach (var run in new[] { memory, shared, memoryDirect, sharedDirect })
        {
            Assert.True(run.Failed == 0, $"Requests failed in a throughput run:\n{run.Output}");
        }

        Assert.True(during.Failed == 0, $"Requests failed during the rolling stop:\n{during.Output}");
        Assert.True(during.Requests > 0, during.Output);
        Assert.Equal(0, exit);
    }
}
