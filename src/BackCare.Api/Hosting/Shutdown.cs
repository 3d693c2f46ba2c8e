using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackCare.Api.Hosting;

/// <summary>
/// A graceful stop, for rolling updates: on SIGTERM readiness turns 503 at once; for <c>Shutdown:DrainSeconds</c> (0 by default:
/// Kubernetes' preStop does the waiting) the instance goes on serving while load balancers take it out; then the server stops
/// taking connections and finishes the requests in flight, for at most <c>Shutdown:TimeoutSeconds</c> (30) in all, and exits.
/// </summary>
public static class Shutdown
{
    public const string TimeoutKey = "Shutdown:TimeoutSeconds";
    public const string DrainKey = "Shutdown:DrainSeconds";

    public static IServiceCollection AddShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = Seconds(configuration, TimeoutKey, 30);
        var drain = Seconds(configuration, DrainKey, 0);
        if (drain >= timeout)
        {
            throw new InvalidOperationException($"{DrainKey} ({drain}) must be shorter than {TimeoutKey} ({timeout}), which includes it.");
        }

        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(timeout));
        services.AddSingleton(new Draining(TimeSpan.FromSeconds(drain)));
        services.AddHostedService(provider => provider.GetRequiredService<Draining>());
        services.AddHealthChecks().AddCheck<Draining>("serving", tags: [Health.ReadyTag]);
        return services;
    }

    private static int Seconds(IConfiguration configuration, string key, int fallback)
    {
        var seconds = configuration.GetValue(key, fallback);
        return seconds >= 0 ? seconds : throw new InvalidOperationException($"{key} is {seconds}; use a whole number of seconds, 0 or more.");
    }

    /// <summary>Not ready from the moment the host begins to stop; waits out the drain before the server stops.</summary>
    internal sealed class Draining(TimeSpan drain) : IHostedLifecycleService, IHealthCheck
    {
        private volatile bool _stopping;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(_stopping ? HealthCheckResult.Unhealthy("Stopping: finishing the requests in flight.") : HealthCheckResult.Healthy("Serving."));

        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            _stopping = true;
            if (drain > TimeSpan.Zero)
            {
                await Task.Delay(drain, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
