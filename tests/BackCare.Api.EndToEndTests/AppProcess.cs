using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// The published app running as its own process, as an operator starts it: <c>dotnet BackCare.Api.dll</c> from an unrelated
/// working directory, configured through environment variables, on a port the system chooses. Everything it prints is kept.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string _name;

    private AppProcess(string name, Process process, string workingDirectory)
    {
        _name = name;
        _process = process;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The process's own temporary directory, deleted when the app stops.</summary>
    public string WorkingDirectory { get; }

    public int Id => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>A client of this app; every call is bounded.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts <paramref name="publishDirectory"/>/BackCare.Api.dll in Production from <paramref name="workingDirectory"/> (which the
    /// app then owns), learns its port from the log and waits, at most 30 s, for <c>GET /health/ready</c> to be 200.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        string name, string publishDirectory, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Dotnet.Executable, [Path.Combine(publishDirectory, "BackCare.Api.dll")])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys.Where(IsAppSetting).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(name, process, workingDirectory);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilReadyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings the test process may carry that would change the app's configuration.</summary>
    private static bool IsAppSetting(string? key) =>
        key is not null && (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                            key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase) ||
                            key.Contains("__", StringComparison.Ordinal));

    // Matches the plain console line and the JSON one ("Message":"Now listening on: http://127.0.0.1:41234").
    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        string? address = null;
        while (address is null)
        {
            EnsureRunning("before it listened");
            address = Lines().Select(line => Listening().Match(line)).FirstOrDefault(match => match.Success)?.Groups[1].Value;
            if (address is null)
            {
                EnsureWithin(deadline, "did not log 'Now listening on: http://127.0.0.1:PORT'");
                await Task.Delay(100);
            }
        }

        BaseAddress = new Uri(address + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var last = "no answer";
        while (true)
        {
            EnsureRunning("before /health/ready was 200");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Client.GetAsync("health/ready", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                last = e.Message;
            }

            EnsureWithin(deadline, $"was not ready (GET /health/ready: {last})");
            await Task.Delay(200);
        }
    }

    private void EnsureRunning(string when)
    {
        if (_process.HasExited)
        {
            _process.WaitForExit();
            throw new InvalidOperationException($"The {_name} app exited with code {_process.ExitCode} {when}. Its last output:\n{Tail()}");
        }
    }

    private void EnsureWithin(Stopwatch elapsed, string what)
    {
        if (elapsed.Elapsed > StartTimeout)
        {
            throw new TimeoutException($"The {_name} app {what} within {StartTimeout.TotalSeconds} s. Its last output:\n{Tail()}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    /// <summary>A copy of every line the app has printed so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    public int CountLines(string text) => Lines().Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until more than <paramref name="seen"/> lines contain <paramref name="text"/>, and returns the newest of them.</summary>
    public async Task<string> WaitForLineAsync(string text, int seen, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var matching = Lines().Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();
            if (matching.Count > seen)
            {
                return matching[^1];
            }

            if (elapsed.Elapsed > timeout || _process.HasExited)
            {
                Assert.Fail($"The {_name} app logged no new line containing '{text}' within {timeout.TotalSeconds} s. Its last output:\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    public string Tail(int count = 40) => string.Join('\n', Lines().TakeLast(count));

    /// <summary>Sends SIGHUP, as <c>kill -HUP PID</c> does.</summary>
    public void HangUp() => Signal(1, "SIGHUP");

    /// <summary>Sends SIGTERM, as a container runtime stopping the app does, and returns at once.</summary>
    public void Terminate() => Signal(15, "SIGTERM");

    /// <summary>Waits (at most 30 s) for the exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(exit.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container runtime stopping the app does, and waits (at most 30 s) for the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        Signal(15, "SIGTERM");
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(exit.Token);
        return _process.ExitCode;
    }

    private void Signal(int signal, string name)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stopping: nothing more a test can do about it.
        }

        _process.Dispose();
        KeepLog();
        TempDirectory.Delete(WorkingDirectory);
    }

    /// <summary>The app's output, kept beside the test assembly for a look after a failed run.</summary>
    private void KeepLog()
    {
        try
        {
            var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "app-logs"));
            File.WriteAllLines(Path.Combine(logs.FullName, $"{_name}.log"), Lines());
        }
        catch (IOException)
        {
            // The log is a convenience; the tests' own messages carry what they need.
        }
    }
}
