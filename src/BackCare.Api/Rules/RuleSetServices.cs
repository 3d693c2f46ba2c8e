using BackCare.Api.Hosting;

namespace BackCare.Api.Rules;

public static class RuleSetServices
{
    public static IServiceCollection AddRuleSet(this IServiceCollection services)
    {
        services.AddSingleton(RuleClasses.Shipped);
        services.AddSingleton<RuleSetProvider>();
        services.AddHostedService<RuleSetStartup>();
        services.AddHostedService<RuleSetReload>();
        services.AddHealthChecks().AddCheck<RuleSetHealthCheck>("rules", tags: [Health.ReadyTag]);
        return services;
    }
}
