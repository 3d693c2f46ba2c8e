namespace BackCare.Api.Rules;

/// <summary>Holds the rule set in force. A new set replaces the old one atomically, and only once it has loaded and validated.</summary>
public sealed partial class RuleSetProvider(IConfiguration configuration, ILogger<RuleSetProvider> logger)
{
    private volatile RuleSet? _current;

    /// <summary>The folder holding the rule files; by default <c>rules/</c> beside the app, whatever the working directory.</summary>
    public string Directory { get; } = configuration["Rules:Directory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured, AppContext.BaseDirectory)
        : Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The rule set in force, or null while none has loaded: triage then refuses to answer.</summary>
    public RuleSet? Current => _current;

    /// <summary>Loads the rule files; on failure logs every problem and keeps serving the last good set.</summary>
    public async Task<bool> ReloadAsync()
    {
        try
        {
            var ruleSet = await RuleSetLoader.LoadAsync(Directory);
            _current = ruleSet;
            LogLoaded(logger, ruleSet.Version, ruleSet.Sha256, ruleSet.Rules.Count);
            return true;
        }
        catch (RuleSetException e)
        {
            foreach (var problem in e.Problems)
            {
                LogInvalid(logger, Directory, problem);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule set {Version} loaded: {RuleCount} rules, sha256 {Sha256}")]
    private static partial void LogLoaded(ILogger logger, string version, string sha256, int ruleCount);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Rule set in {Directory} rejected: {Problem}")]
    private static partial void LogInvalid(ILogger logger, string directory, string problem);
}

/// <summary>Loads the rule set before the server takes traffic; readiness stays false if it is invalid.</summary>
internal sealed class RuleSetStartup(RuleSetProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provider.ReloadAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
