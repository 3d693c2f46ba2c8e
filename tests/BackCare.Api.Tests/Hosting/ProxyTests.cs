using System.Net;
using BackCare.Api.Hosting;

namespace BackCare.Api.Tests.Hosting;

/// <summary>
/// Behind a proxy the client is the address the proxy saw (one hop of X-Forwarded-For), and only from a trusted proxy: on real
/// loopback sockets, where loopback is the proxy the framework trusts by default, and is not once other networks are listed.
/// </summary>
public sealed class ProxyTests
{
    private static KestrelApiFactory Limited(int permits, params (string Key, string Value)[] more) => KestrelApiFactory.With(
        new Dictionary<string, string>(more.Select(m => KeyValuePair.Create(m.Key, m.Value)))
        {
            [RateLimits.ConfigurationKey] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task From_a_trusted_proxy_each_forwarded_client_has_its_own_bucket()
    {
        await using var api = Limited(1);
        var client = new HttpClient { BaseAddress = api.Address };

        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "203.0.113.8"));
    }

    [Fact]
    public async Task Only_the_address_the_proxy_saw_counts_not_what_the_client_wrote_before_it()
    {
        await using var api = Limited(1);
        var client = new HttpClient { BaseAddress = api.Address };

        // The proxy appends the address it saw; what a client sent of its own stands to its left.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "198.51.100.1, 203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "198.51.100.2, 203.0.113.7"));
    }

    [Fact]
    public async Task From_a_sender_outside_the_listed_networks_a_forwarded_address_is_ignored()
    {
        await using var api = Limited(1, ($"{Proxies.KnownNetworksKey}:0", "10.0.0.0/8"));
        var client = new HttpClient { BaseAddress = api.Address };

        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "203.0.113.7"));
        // Loopback is no longer trusted: a new X-Forwarded-For does not make a new client.
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, null));
    }

    [Fact]
    public void A_network_that_is_not_a_CIDR_stops_the_app_at_start_up()
    {
        using var api = Limited(1, ($"{Proxies.KnownNetworksKey}:0", "10.0.0.0/33"));

        var error = Assert.Throws<InvalidOperationException>(() => api.Address);

        Assert.Contains("ForwardedHeaders:KnownNetworks has '10.0.0.0/33'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_frameworks_trust_everyone_switch_stops_the_app_at_start_up()
    {
        using var api = Limited(1, ("FORWARDEDHEADERS_ENABLED", "true"));

        var error = Assert.Throws<InvalidOperationException>(() => api.Address);

        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts every sender", error.Message, StringComparison.Ordinal);
    }
}
