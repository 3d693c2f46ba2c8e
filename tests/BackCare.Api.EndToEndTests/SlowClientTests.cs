using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BackCare.Api.EndToEndTests;

/// <summary>A slow-headers attack on the published app: normal callers are served as fast as ever, and the slow ones are cut off.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class SlowClientTests(PublishedApp published)
{
    private const int SlowClients = 200;

    /// <summary>The shipped RequestHeadersTimeout is 10 s; Kestrel checks it once a second.</summary>
    private static readonly TimeSpan CutOffWithin = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan NormalWithin = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 60_000)]
    public async Task Two_hundred_clients_trickling_headers_do_not_delay_a_normal_request_and_are_cut_off_with_a_408()
    {
        var app = await published.Plain;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var opened = Stopwatch.StartNew();
        var slow = new List<Socket>();
        try
        {
            for (var i = 0; i < SlowClients; i++)
            {
                var socket = await RawHttp.ConnectAsync(app.Port, stop.Token);
                slow.Add(socket);
                await socket.SendAsync("GET /v1/exercises HTTP/1.1\r\nHost: 127.0.0.1\r\n"u8.ToArray(), stop.Token);
            }

            var firstLines = slow.Select(socket => FirstLineAsync(socket, opened, stop.Token)).ToList();
            var trickle = TrickleAsync(slow, stop.Token);

            var normal = new List<string>();
            for (var round = 1; round <= 3; round++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "v1/exercises") { Headers = { ConnectionClose = true } };
                var took = Stopwatch.StartNew();
                using var response = await app.Client.SendAsync(request, stop.Token);
                await response.Content.ReadAsByteArrayAsync(stop.Token);
                took.Stop();
                normal.Add($"{(int)response.StatusCode} in {took.ElapsedMilliseconds} ms");
                Assert.True(response.StatusCode == HttpStatusCode.OK && took.Elapsed < NormalWithin,
                    $"Normal GET /v1/exercises during the trickle, round {round}: {normal[^1]} (rounds so far: {string.Join(", ", normal)})");
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }

            var answers = await Task.WhenAll(firstLines);
            var cutOff = answers.Count(a => a.Line.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) && a.After <= CutOffWithin);
            var latest = answers.Max(a => a.After);
            var others = answers.Where(a => !a.Line.StartsWith("HTTP/1.1 408", StringComparison.Ordinal))
                .GroupBy(a => a.Line).Select(g => $"{g.Count()} x '{g.Key}'");
            Assert.True(cutOff == SlowClients,
                $"{cutOff} of {SlowClients} slow connections were cut off with a 408 within {CutOffWithin.TotalSeconds} s " +
                $"(the last answer came {latest.TotalSeconds:0.0} s after they opened; other answers: {string.Join(", ", others)}).");
            await stop.CancelAsync();
            await trickle;
        }
        finally
        {
            foreach (var socket in slow)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>One more header line a second on every connection, until it is closed or the test ends.</summary>
    private static async Task TrickleAsync(List<Socket> sockets, CancellationToken stop)
    {
        for (var line = 1; !stop.IsCancellationRequested; line++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var header = Encoding.ASCII.GetBytes($"X-Slow-{line}: a\r\n");
            foreach (var socket in sockets)
            {
                try
                {
                    await socket.SendAsync(header, SocketFlags.None, stop);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // Cut off by the server, as it should be.
                }
            }
        }
    }

    /// <summary>The first line the server sends on a connection, or what happened instead, and when, counted from the first connection.</summary>
    private static async Task<(string Line, TimeSpan After)> FirstLineAsync(Socket socket, Stopwatch opened, CancellationToken stop)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(CutOffWithin - opened.Elapsed + TimeSpan.FromSeconds(1));
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
                if (read == 0)
                {
                    return (received.Count == 0 ? "(closed without an answer)" : Encoding.ASCII.GetString([.. received]), opened.Elapsed);
                }

                received.AddRange(buffer.AsSpan(0, read));
                var text = Encoding.ASCII.GetString([.. received]);
                if (text.IndexOf("\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    return (text[..end], opened.Elapsed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return ("(no answer)", opened.Elapsed);
        }
        catch (SocketException e)
        {
            return ($"({e.SocketErrorCode})", opened.Elapsed);
        }
    }
}
