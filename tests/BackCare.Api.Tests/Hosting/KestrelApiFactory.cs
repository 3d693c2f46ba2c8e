using System.Net.Sockets;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Api.Tests.Hosting;

/// <summary>The API on real Kestrel sockets (loopback, a free port), for what the in-memory server does not do: body, header and time limits.</summary>
public sealed class KestrelApiFactory : WebApplicationFactory<Program>
{
    /// <summary>Short, so that a test of the slow-client cut-off takes seconds; the shipped value is 10 s.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <summary>A factory of its own with these settings besides the ones every Kestrel test gets; the caller disposes of it.</summary>
    public static KestrelApiFactory With(IReadOnlyDictionary<string, string> settings) => new(settings);

    public KestrelApiFactory()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>With settings of its own, as an operator would give them (<c>Auth:ApiKeys:0</c>, say).</summary>
    private KestrelApiFactory(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(0);
    }

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder
            .UseEnvironment("Production")
            .UseSetting(RateLimits.ConfigurationKey, "0")
            .UseSetting($"{ServerLimits.Section}:RequestHeadersTimeout", HeadersTimeout.ToString());
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
