using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.Api.Tests.Hosting;

/// <summary>An OTLP/HTTP endpoint on loopback that keeps what it receives per signal (metrics, traces, logs).</summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _received = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector._received.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());
            return Results.Ok();
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Everything received for the signal, as text: the protobuf payloads carry names and messages as UTF-8.</summary>
    public string Received(string signal) =>
        _received.TryGetValue(signal, out var payloads) ? string.Join("\n", payloads.Select(p => Encoding.UTF8.GetString(p))) : "";

    /// <summary>What the signal has received once it holds <paramref name="text"/>, or after 15 s, whatever it holds then.</summary>
    public async Task<string> WaitForAsync(string signal, string text)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15) && !Received(signal).Contains(text, StringComparison.Ordinal); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
        }

        return Received(signal);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
