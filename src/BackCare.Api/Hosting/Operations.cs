namespace BackCare.Api.Hosting;

/// <summary>What running BackCare on the internet needs: server limits, CORS, API keys and rate limits.</summary>
public static class Operations
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.AddServerLimits();
        builder.Services.AddSecurityHeaders(builder.Configuration);
        builder.Services.AddApiKeys(builder.Configuration);
        builder.Services.AddRateLimits(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// After routing, so that each step reads the endpoint's metadata: CORS preflights are answered, the caller's key authenticated,
    /// its quota taken (a wrong key counts against its address) and the endpoint's policy enforced, all before the endpoint reads a
    /// body, so that an anonymous or throttled client cannot make the server read one. Then the endpoint's body limit is enforced.
    /// </summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseCorsWhenConfigured();
        app.UseApiKeys();
        app.UseRateLimits();
        app.UseAuthorization();
        app.UseBodyLimits();
        app.UseUtf8Bodies();
        return app;
    }

    /// <summary>
    /// An API under <paramref name="prefix"/>: every endpoint needs what the authorization <paramref name="policy"/> requires (by default
    /// the API key, when keys are configured) and counts against the caller's rate limit.
    /// </summary>
    public static RouteGroupBuilder MapApi(this WebApplication app, string prefix, string policy = ApiKeys.Scheme) =>
        app.MapGroup(prefix).RequireAuthorization(policy).RequireRateLimiting(RateLimits.Policy);
}
