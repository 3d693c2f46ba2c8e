namespace BackCare.Api.Hosting;

/// <summary><c>X-Content-Type-Options: nosniff</c> on every response, and CORS only for the origins in <c>Cors:AllowedOrigins</c>.</summary>
public static class SecurityHeaders
{
    public const string AllowedOriginsKey = "Cors:AllowedOrigins";

    public static string[] AllowedOrigins(IConfiguration configuration) =>
        configuration.GetSection(AllowedOriginsKey).Get<string[]>()?.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray() ?? [];

    /// <summary>No origin by default: browsers then refuse cross-site calls, and server-to-server callers are unaffected.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        return origins.Length == 0 ? services : services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", ApiKeys.HeaderName, "Authorization")
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    /// <summary>Set as the response starts, so that problems written after the exception handler cleared the headers carry it too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Between routing and authentication, so that a preflight is answered without a key.</summary>
    public static IApplicationBuilder UseCorsWhenConfigured(this WebApplication app) =>
        AllowedOrigins(app.Configuration).Length == 0 ? app : app.UseCors();
}
