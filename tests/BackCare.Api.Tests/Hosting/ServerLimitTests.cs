using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Hosting;
using BackCare.Api.Tests.Assessments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Tests.Hosting;

/// <summary>Kestrel's limits on real sockets: oversized bodies, headers and URLs are refused, and slow clients are cut off.</summary>
[Collection("api")]
public sealed class ServerLimitTests(ApiFactory factory, KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    /// <summary>The 413 problem, whoever sends the body and however.</summary>
    internal static JsonObject TooLarge => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        ["title"] = "Content Too Large",
        ["status"] = 413,
        ["detail"] = "The request body is larger than this endpoint accepts (16 KiB for POST /v1/assessments).",
    };

    [Fact]
    public void Every_endpoint_that_takes_a_body_states_its_limit_since_the_server_accepts_none_by_default()
    {
        var endpoints = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(
            e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize > 0,
            $"POST {e.RoutePattern.RawText} states no body limit: Kestrel would refuse every body it is sent."));
    }

    [Fact]
    public async Task A_chunked_body_over_16_KiB_is_a_413_problem()
    {
        var body = Answers.NothingWrong().ToJsonString().Insert(1, new string(' ', 17 * 1024));

        var response = await kestrel.CreateClient().PostAsync("/v1/assessments", Chunked(body));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    [Fact]
    public async Task A_body_declared_over_16_KiB_is_a_413_problem()
    {
        var body = Answers.NothingWrong().ToJsonString().Insert(1, new string(' ', 17 * 1024));

        var response = await kestrel.CreateClient().PostAsync("/v1/assessments", Bodies.Json(body, chunked: false));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    [Fact]
    public async Task One_hundred_thousand_open_brackets_are_a_413_problem_chunked_or_not()
    {
        var brackets = new string('[', 100_000);
        var client = kestrel.CreateClient();

        await (await client.PostAsync("/v1/assessments", Chunked(brackets))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
        await (await client.PostAsync("/v1/assessments", Bodies.Json(brackets, chunked: false)))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    /// <summary>Left to Kestrel, the connection closes while the client is still sending, and it sees a broken pipe instead.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_still_uploading_a_20_MB_body_reads_the_413_problem(bool chunked)
    {
        var response = await kestrel.CreateClient().PostAsync("/v1/assessments", Bodies.Json(new string('[', 20_000_000), chunked));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    [Fact]
    public async Task A_chunked_body_within_the_limit_is_graded()
    {
        var response = await kestrel.CreateClient().PostAsync("/v1/assessments", Chunked(Answers.NothingWrong().ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("a 17 KiB header", 0, 17 * 1024, 431)]
    [InlineData("65 headers", 64, 10, 431)]
    [InlineData("a 5 KiB URL", 0, 0, 414)]
    public async Task Oversized_requests_are_refused_by_the_server(string what, int extraHeaders, int headerBytes, int status)
    {
        var path = what.Contains("URL", StringComparison.Ordinal) ? "/v1/exercises?x=" + new string('a', 5 * 1024) : "/v1/exercises";
        var request = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: localhost\r\n");
        for (var i = 0; i < extraHeaders; i++)
        {
            request.Append($"X-Extra-{i}: {i}\r\n");
        }

        if (headerBytes > 0)
        {
            request.Append($"X-Big: {new string('b', headerBytes)}\r\n");
        }

        var response = await SendRawAsync(request.Append("\r\n").ToString());

        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_trickles_its_headers_is_cut_off_at_the_headers_timeout()
    {
        using var tcp = await kestrel.ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: localhost\r\n"));

        // The test only waits: the server, not the client, ends the exchange (with a 408) once its headers timeout passes.
        var response = await ReadToEndAsync(stream, TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limits_are_those_documented_and_each_can_be_overridden_by_configuration()
    {
        using var overridden = factory.WithWebHostBuilder(b => b
            .UseSetting($"{ServerLimits.Section}:MaxConcurrentConnections", "50")
            .UseSetting($"{ServerLimits.Section}:KeepAliveTimeout", "00:00:05"));

        var shipped = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var changed = overridden.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(
            (2000L, 0L, 4 * 1024, 16 * 1024, 64, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), 1024d, 1024d),
            (shipped.MaxConcurrentConnections, shipped.MaxRequestBodySize, shipped.MaxRequestLineSize, shipped.MaxRequestHeadersTotalSize,
                shipped.MaxRequestHeaderCount, shipped.RequestHeadersTimeout, shipped.KeepAliveTimeout,
                shipped.MinRequestBodyDataRate!.BytesPerSecond, shipped.MinResponseDataRate!.BytesPerSecond));
        Assert.Equal((50L, TimeSpan.FromSeconds(5), 0L), (changed.MaxConcurrentConnections, changed.KeepAliveTimeout, changed.MaxRequestBodySize));
    }

    [Fact]
    public async Task A_malformed_chunk_is_a_400_problem_not_an_unhandled_exception()
    {
        var response = await SendRawAsync("POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
                                          "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("\"status\":400", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_trickled_slower_than_1_KiB_a_second_is_cut_off_with_a_408_problem()
    {
        using var tcp = await kestrel.ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
                                                        "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n"));

        // One byte a second for up to 15 s: the server cuts the body off once the 5 s grace has passed.
        for (var i = 0; i < 15 && tcp.Client.Poll(0, SelectMode.SelectRead) is false; i++)
        {
            await Task.Delay(1000);
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("1\r\n \r\n"));
            }
            catch (IOException)
            {
                // The server answered and closed between the poll and this byte: its answer is already on the way.
                break;
            }
        }

        var response = await ReadToEndAsync(stream, TimeSpan.FromSeconds(20));

        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("\"status\":408", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_key_still_sending_a_large_body_reads_the_401_problem()
    {
        using var guarded = KestrelApiFactory.With(new Dictionary<string, string> { [$"{ApiKeys.ConfigurationKey}:0"] = ApiKeyTests.Alpha });
        using var tcp = await guarded.ConnectAsync();
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
                                                        "Content-Length: 1048576\r\n\r\n" + new string(' ', 32 * 1024)));
        var response = await ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 401 ", response, StringComparison.Ordinal);
        Assert.Contains("This API needs an API key", response, StringComparison.Ordinal);
    }

    private static HttpContent Chunked(string body) => Bodies.Json(body, chunked: true);

    private async Task<string> SendRawAsync(string request)
    {
        using var tcp = await kestrel.ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadToEndAsync(stream, TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads until the server closes the connection (it does after refusing a request), or fails after <paramref name="limit"/>.</summary>
    private static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the response: what arrived before it is the answer.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
