using System.Runtime.InteropServices;
using BackCare.Domain;
using BackCare.Rules;

namespace BackCare.Api.Rules;

/// <summary>Holds the rule set in force. A new set replaces the old one atomically, and only once it has loaded and validated.</summary>
public sealed partial class RuleSetProvider(IConfiguration configuration, ILogger<RuleSetProvider> logger, RuleClasses classes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile RuleSet? _current;

    /// <summary>The folder holding the rule files; by default <c>rules/</c> beside the app, whatever the working directory.</summary>
    public string Directory { get; } = configuration["Rules:Directory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured, AppContext.BaseDirectory)
        : Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The rule set in force, or null while none has loaded: triage then refuses to answer.</summary>
    public RuleSet? Current => _current;

    /// <summary>Loads the rule files; on failure logs every problem and keeps serving the last good set. One load at a time.</summary>
    public async Task<bool> ReloadAsync()
    {
        await _loading.WaitAsync();
        try
        {
            var ruleSet = await RuleSetLoader.LoadAsync(Directory, classes.Types);
            _current = ruleSet;
            LogLoaded(logger, ruleSet.Version, ruleSet.Sha256, ruleSet.Rules.Count);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A file caught mid-write or a rule the engine cannot build is as invalid as a rule that fails validation.
            foreach (var problem in e is RuleSetException invalid ? invalid.Problems : [$"{e.GetType().Name}: {e.Message}"])
            {
                LogInvalid(logger, Directory, problem);
            }

            if (_current is { } kept)
            {
                LogKept(logger, kept.Version, kept.Sha256);
            }

            return false;
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule set {Version} loaded: {RuleCount} rules, sha256 {Sha256}")]
    private static partial void LogLoaded(ILogger logger, string version, string sha256, int ruleCount);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Rule set in {Directory} rejected: {Problem}")]
    private static partial void LogInvalid(ILogger logger, string directory, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Still serving rule set {Version}, sha256 {Sha256}")]
    private static partial void LogKept(ILogger logger, string version, string sha256);
}

/// <summary>The rule classes the data is loaded into: this build's own (a change of rule logic ships as a new build).</summary>
public sealed record RuleClasses(IReadOnlyList<Type> Types)
{
    public static RuleClasses Shipped { get; } = new(RuleSetLoader.RuleTypes);
}

/// <summary>Loads the rule set before the server takes traffic; readiness stays false if it is invalid.</summary>
internal sealed class RuleSetStartup(RuleSetProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provider.ReloadAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Reloads the rule set without a restart: when a file in the rules folder changes (a burst of changes, such as an editor
/// saving or a deployment copying files, gives one reload after <see cref="Debounce"/> of quiet), and on SIGHUP.
/// </summary>
internal sealed partial class RuleSetReload(RuleSetProvider provider, IConfiguration configuration, ILogger<RuleSetReload> logger)
    : IHostedService, IDisposable
{
    public const string WatchKey = "Rules:ReloadOnChange";
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private Timer? _timer;
    private FileSystemWatcher? _watcher;
    private PosixSignalRegistration? _hangUp;
    private string _trigger = "";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                // Handled: SIGHUP's default would end the process.
                signal.Cancel = true;
                Schedule("SIGHUP");
            });
        }

        if (configuration.GetValue(WatchKey, true) && System.IO.Directory.Exists(provider.Directory))
        {
            _watcher = new FileSystemWatcher(provider.Directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, e) => Schedule($"{e.ChangeType} {e.Name}");
            _watcher.Created += (_, e) => Schedule($"{e.ChangeType} {e.Name}");
            _watcher.Deleted += (_, e) => Schedule($"{e.ChangeType} {e.Name}");
            _watcher.Renamed += (_, e) => Schedule($"{e.ChangeType} {e.Name}");
            _watcher.Error += (_, _) => Schedule("a lost file-change notification");
            _watcher.EnableRaisingEvents = true;
        }

        LogWatching(logger, provider.Directory, _watcher is null ? "off" : "on");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _hangUp?.Dispose();
        _timer?.Dispose();
        _watcher = null;
        _hangUp = null;
    }

    private void Schedule(string trigger)
    {
        _trigger = trigger;
        try
        {
            // Each change pushes the reload back, so a burst of writes gives one load of the finished files.
            _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A change noticed while the app stops: nothing left to reload.
        }
    }

    private void Reload()
    {
        LogReloading(logger, _trigger);
        _ = provider.ReloadAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule set folder {Directory}: reload on file change {Watching}, and on SIGHUP")]
    private static partial void LogWatching(ILogger logger, string directory, string watching);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading the rule set after {Trigger}")]
    private static partial void LogReloading(ILogger logger, string trigger);
}
