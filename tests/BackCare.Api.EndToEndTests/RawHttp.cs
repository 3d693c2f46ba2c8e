using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace BackCare.Api.EndToEndTests;

/// <summary>A response read byte for byte from the socket: the status line, the headers as sent, and the decoded body.</summary>
public sealed record RawResponse(string StatusLine, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>The Content-Type without its parameters.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() =>
        $"{StatusLine}\n{string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{(Text.Length > 600 ? Text[..600] : Text)}";
}

/// <summary>HTTP/1.1 written by hand on a socket, so that a test controls every byte: headers, framing and timing.</summary>
public static class RawHttp
{
    public static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and reads one response, all within <paramref name="timeout"/>.</summary>
    public static async Task<RawResponse> SendAsync(int port, byte[] request, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var socket = await ConnectAsync(port, limit.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request, limit.Token);
        return await ReadResponseAsync(stream, limit.Token);
    }

    /// <summary>A request with a head and a body, framed by Content-Length unless the head says otherwise.</summary>
    public static byte[] Request(string method, string path, IEnumerable<string> headers, byte[] body, bool contentLength = true)
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (contentLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary><paramref name="body"/> in chunks of <paramref name="chunkSize"/> bytes and the last, empty chunk.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        using var framed = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, body.Length - offset);
            framed.Write(Encoding.ASCII.GetBytes($"{length:x}\r\n"));
            framed.Write(body, offset, length);
            framed.Write("\r\n"u8);
        }

        framed.Write("0\r\n\r\n"u8);
        return framed.ToArray();
    }

    /// <summary>Reads until one whole response (Content-Length, chunked, or up to the end of the connection) has arrived.</summary>
    public static async Task<RawResponse> ReadResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                received.Write(buffer, 0, read);
            }

            if (TryParse(received.ToArray(), ended: read == 0) is { } response)
            {
                return response;
            }

            if (read == 0)
            {
                throw new IOException($"The connection ended within a response:\n{Encoding.UTF8.GetString(received.ToArray())}");
            }
        }
    }

    private static RawResponse? TryParse(byte[] data, bool ended)
    {
        var headEnd = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(data, 0, headEnd).Split("\r\n");
        var statusLine = lines[0];
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""))
            .ToList();
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var rest = data.AsSpan(headEnd + 4);
        var response = new RawResponse(statusLine, status, headers, []);

        if (response.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new MemoryStream();
            while (true)
            {
                var lineEnd = rest.IndexOf("\r\n"u8);
                if (lineEnd < 0)
                {
                    return null;
                }

                var size = int.Parse(Encoding.ASCII.GetString(rest[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    return response with { Body = body.ToArray() };
                }

                if (rest.Length < lineEnd + 2 + size + 2)
                {
                    return null;
                }

                body.Write(rest.Slice(lineEnd + 2, size));
                rest = rest[(lineEnd + 2 + size + 2)..];
            }
        }

        if (response.Header("Content-Length") is { } declared)
        {
            var length = int.Parse(declared, CultureInfo.InvariantCulture);
            return rest.Length >= length ? response with { Body = rest[..length].ToArray() } : null;
        }

        return ended ? response with { Body = rest.ToArray() } : null;
    }

    public static JsonObject Json(this RawResponse response) =>
        Assert.IsType<JsonObject>(JsonNode.Parse(response.Text), exactMatch: false);
}
