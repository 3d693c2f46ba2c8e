using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace BackCare.Api.Hosting;

/// <summary>
/// The proxy in front (an ingress, a load balancer): its <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> give the client's
/// address and scheme, through ASP.NET Core's forwarded-headers middleware, one hop deep (<c>ForwardLimit</c> 1: the address the
/// proxy itself saw, never one a client wrote further left). Only proxies in <c>ForwardedHeaders:KnownNetworks</c> (CIDRs) are
/// believed; with none listed, only loopback is, as the framework defaults. A sender anywhere else keeps its own address, whatever
/// headers it sends.
/// </summary>
public static class Proxies
{
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddProxies(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
        {
            // The framework's switch would believe X-Forwarded-For from any sender, and so let any client choose its rate-limit bucket.
            throw new InvalidOperationException($"ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts every sender's X-Forwarded-For: unset it, and list the proxies' networks in {KnownNetworksKey}.");
        }

        var listed = configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [];
        var networks = new List<IPNetwork>();
        foreach (var cidr in listed)
        {
            if (!IPNetwork.TryParse(cidr?.Trim() ?? "", out var network))
            {
                throw new InvalidOperationException($"{KnownNetworksKey} has '{cidr}', which is not a network in CIDR notation (such as 10.0.0.0/8).");
            }

            networks.Add(network);
        }

        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            if (networks.Count > 0)
            {
                // The listed networks replace the loopback defaults: a sidecar on loopback is not trusted unless listed.
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
                networks.ForEach(options.KnownIPNetworks.Add);
            }
        });
    }

    /// <summary>First in the pipeline, so that everything after it (the request log, the rate limiter) sees the client, not the proxy.</summary>
    public static IApplicationBuilder UseProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
