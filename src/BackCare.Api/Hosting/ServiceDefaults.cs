namespace BackCare.Api.Hosting;

/// <summary>The cross-cutting plumbing every endpoint relies on: problems, docs and health.</summary>
public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Binding failures become exceptions the problem handler turns into 4xx problems naming the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.Complete);
        // After the framework's writer, which answers clients that accept JSON: this one answers every other client.
        builder.Services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddApiDocs();
        builder.Services.AddHealthChecks();
        builder.Services.AddProxies(builder.Configuration);
        builder.Services.AddShutdown(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The proxy's forwarded headers first, so that everything after sees the client; then the exception handler, so that an
    /// exception thrown anywhere after it, and a status answered without a body, become a problem; then the request log and the headers every response carries; then the docs' static pages and routing.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLog();
        app.UseSecurityHeaders();
        app.UseHeadAsGet();
        app.UseSwaggerUi();
        app.UseRouting();
        return app;
    }

    /// <summary>Health and the OpenAPI document: open to probes and partners' tooling, without a key or a rate limit.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealth();
        app.MapApiDocs();
        return app;
    }
}
