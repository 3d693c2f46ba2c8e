using BackCare.Domain;
using BackCare.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackCare.Api.Exercises;

public static class ExerciseServices
{
    /// <summary>The catalogue, and its readiness check.</summary>
    public static IServiceCollection AddExercises(this IServiceCollection services)
    {
        services.AddSingleton(ExerciseCatalogue.Default);
        services.AddHealthChecks().AddCheck<ExerciseCatalogueHealthCheck>("exercises", tags: [Health.ReadyTag]);
        return services;
    }
}

internal sealed class ExerciseCatalogueHealthCheck(ExerciseCatalogue catalogue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalogue.All.Count > 0
            ? HealthCheckResult.Healthy($"{catalogue.All.Count} exercises loaded.")
            : HealthCheckResult.Unhealthy("The exercise catalogue is empty."));
}
