namespace BackCare.Api.Infrastructure;

/// <summary>What running BackCare on the internet needs: server limits, API keys, rate limits, security headers, request logs and metrics.</summary>
public static class Operations
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.AddServerLimits();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddRateLimits(builder.Configuration);
        builder.Services.AddSecurityHeaders(builder.Configuration);
        builder.Services.AddTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Right after the problem handler, so that every response (docs and problems included) is logged and carries the headers. Then CORS
    /// preflights are answered, the client's quota taken (a wrong key counts against its address) and the key checked, both before any
    /// body is read, so that an anonymous or throttled client cannot make the server read one; then oversized bodies are refused and
    /// bodies in charsets other than UTF-8.
    /// </summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseRequestLog();
        app.UseSecurityHeaders();
        app.UseRateLimits();
        app.UseApiKeys();
        app.UseBodyLimit();
        app.UseUtf8Bodies();
        return app;
    }
}
