using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace BackCare.Api.EndToEndTests;

/// <summary>Debian packages a test runs for real: installed when missing (as root, or through sudo), else the test fails saying what to install.</summary>
public static class Debian
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task<string> RequireAsync(string executable, string package)
    {
        var path = new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin" }.Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }

        await Installing.WaitAsync();
        try
        {
            var root = Environment.UserName == "root";
            var install = $"{(root ? "" : "sudo -n ")}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {package}";
            var update = $"{(root ? "" : "sudo -n ")}apt-get update -qq";
            var (status, output) = await Processes.RunAsync("/bin/sh", ["-c", $"{install} || ({update} && {install})"], TimeSpan.FromMinutes(5));
            return status == 0 && new[] { "/usr/bin", "/usr/sbin" }.Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists) is { } installed
                ? installed
                : throw new InvalidOperationException($"This test runs {executable} from the Debian package {package}, which could not be installed " +
                                                      $"(apt-get install {package} as root): {output}");
        }
        finally
        {
            Installing.Release();
        }
    }
}

public static class Processes
{
    /// <summary>Runs a command to its end (killed past <paramref name="timeout"/>): its exit status and its output.</summary>
    public static async Task<(int Status, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not end within {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, await output + await error);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (at most 10 s) until something accepts connections on the loopback port.</summary>
    public static async Task WaitForPortAsync(int port, Func<string> diagnostics)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port} after 10 s: {diagnostics()}");
    }
}

/// <summary>A redis-server of its own on a loopback port, holding nothing on disk; stopped and started again on the same port.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private Process? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer(await Debian.RequireAsync("redis-server", "redis-server"), Processes.FreePort());
        await redis.StartAsync(again: false);
        return redis;
    }

    public async Task StartAsync(bool again = true)
    {
        _process = Process.Start(new ProcessStartInfo(_executable, ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Processes.WaitForPortAsync(Port, () => $"redis-server {(again ? "restarted" : "started")} but does not listen");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>
/// nginx as the ingress on a loopback port: round robin to the given instances, connecting from 127.0.0.2 (the proxy address the
/// instances trust) over kept-alive HTTP/1.1 connections, appending the client's address to X-Forwarded-For and naming the
/// instance that answered in X-Upstream. A request an instance could not take (refused, or closed under it) goes to the next one,
/// as nginx does by default for GET.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string ProxyAddress = "127.0.0.2";

    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<Nginx> StartAsync(params int[] upstreams)
    {
        var executable = await Debian.RequireAsync("nginx", "nginx-light");
        var directory = TempDirectory.Create("nginx");
        var port = Processes.FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes 1;
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              upstream backcare {
                {{string.Join("\n    ", upstreams.Select(p => $"server 127.0.0.1:{p};"))}}
                # Connections to the instances are kept open, as an ingress controller keeps them.
                keepalive 32;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://backcare;
                  proxy_bind {{ProxyAddress}};
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  add_header X-Upstream $upstream_addr always;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(executable, ["-p", directory, "-c", config])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var nginx = new Nginx(process, directory, port);
        await Processes.WaitForPortAsync(port, () => File.Exists(Path.Combine(directory, "error.log")) ? File.ReadAllText(Path.Combine(directory, "error.log")) : "no error log");
        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        TempDirectory.Delete(_directory);
    }
}

/// <summary>What one wrk run measured.</summary>
public sealed partial record WrkRun(double RequestsPerSecond, string P50, string P99, long Requests, long Failed, string Output)
{
    /// <summary>wrk (Debian's) against <paramref name="url"/> with one header, for <paramref name="seconds"/> at <paramref name="connections"/> connections.</summary>
    public static async Task<WrkRun> RunAsync(Uri url, string header, int seconds, int connections)
    {
        var wrk = await Debian.RequireAsync("wrk", "wrk");
        var (status, output) = await Processes.RunAsync(wrk,
            // A 10 s timeout, not wrk's 2 s: on a busy shared machine a slow answer is slow, not lost; a lost one still counts.
            ["-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s", "--latency", "-H", header, url.ToString()],
            TimeSpan.FromSeconds(seconds + 30));
        Assert.True(status == 0, $"wrk failed: {output}");
        long Count(Regex pattern) => pattern.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrors().Match(output);
        var socketErrors = errors.Success ? errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        return new WrkRun(
            double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile().Match(output).Groups[1].Value,
            Percentile99().Match(output).Groups[1].Value,
            Count(RequestsLine()),
            Count(NonSuccess()) + socketErrors,
            output);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"\s50%\s+(\S+)")]
    private static partial Regex Percentile();

    [GeneratedRegex(@"\s99%\s+(\S+)")]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
