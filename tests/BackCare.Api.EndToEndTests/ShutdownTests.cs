using System.Net;
using System.Text.Json;

namespace BackCare.Api.EndToEndTests;

/// <summary>Stopped as a container runtime stops it, the app exits cleanly and its log keeps every line, the last ones included.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class ShutdownTests(PublishedApp published)
{
    [Fact(Timeout = 120_000)]
    public async Task On_SIGTERM_the_app_exits_0_and_no_log_line_is_lost()
    {
        await using var app = await published.StartOwnAsync("shutdown");
        const int requests = 50;
        for (var i = 0; i < requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("v1/exercises")).StatusCode);
        }

        Assert.Equal(0, await app.TerminateAsync());

        var lines = app.Lines();
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        Assert.Equal(requests, lines.Count(line => line.Contains("\"Message\":\"GET /v1/exercises 200 in ", StringComparison.Ordinal)));
        Assert.Contains("Application is shutting down...", lines[^1], StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task On_SIGTERM_readiness_turns_503_at_once_while_requests_are_still_served_through_the_drain_then_it_exits_0()
    {
        await using var app = await published.StartOwnAsync("drain", new Dictionary<string, string> { ["Shutdown__DrainSeconds"] = "3" });
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("health/ready")).StatusCode);

        app.Terminate();
        await app.WaitForLineAsync("Application is shutting down...", 0, TimeSpan.FromSeconds(10));
        var ready = await app.Client.GetAsync("health/ready");
        var served = await app.Client.GetAsync("v1/exercises");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Stopping", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(0, await app.ExitCodeAsync());
    }
}
