using BackCare.Domain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackCare.Api.Exercises;

internal sealed class ExerciseCatalogueHealthCheck(ExerciseCatalogue catalogue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalogue.All.Count > 0
            ? HealthCheckResult.Healthy($"{catalogue.All.Count} exercises loaded.")
            : HealthCheckResult.Unhealthy("The exercise catalogue is empty."));
}
