using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackCare.Api.Rules;

internal sealed class RuleSetHealthCheck(RuleSetProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(provider.Current is { } ruleSet
            ? HealthCheckResult.Healthy($"{ruleSet.Rules.Count} rules loaded and validated.", new Dictionary<string, object>
            {
                ["version"] = ruleSet.Version,
                ["sha256"] = ruleSet.Sha256,
            })
            : HealthCheckResult.Unhealthy("No valid rule set is loaded; see the log for the rule and the reason."));
}
