using System.Net.Sockets;
using BackCare.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Api.Tests.Infrastructure;

/// <summary>The API on real Kestrel sockets (loopback, a free port), for what the in-memory server does not do: body, header and time limits.</summary>
public sealed class KestrelApiFactory : WebApplicationFactory<Program>
{
    /// <summary>Short, so that a test of the slow-client cut-off takes seconds; the shipped value is 10 s.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);

    public KestrelApiFactory() => UseKestrel(0);

    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    /// <summary>A raw TCP connection, for requests HttpClient will not send (oversized or trickled headers).</summary>
    public async Task<TcpClient> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(Address.Host, Address.Port);
        return tcp;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
        .UseEnvironment("Production")
        .UseSetting(RateLimits.ConfigurationKey, "0")
        .UseSetting($"{ServerLimits.Section}:RequestHeadersTimeout", HeadersTimeout.ToString());
}
