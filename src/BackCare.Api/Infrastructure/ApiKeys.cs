using System.Security.Cryptography;
using System.Text;

namespace BackCare.Api.Infrastructure;

/// <summary>
/// The keys of <c>Auth:ApiKeys</c>. When any is configured, every call outside health and the API docs needs an
/// <c>X-Api-Key</c> header matching one of them; with none the API is open (development).
/// </summary>
public sealed class ApiKeys
{
    public const string HeaderName = "X-Api-Key";
    public const string ConfigurationKey = "Auth:ApiKeys";

    private static readonly object IdentityKey = new();

    // Hashing first makes every comparison the same length, so FixedTimeEquals reveals neither the keys nor their lengths.
    private readonly byte[][] _hashes;

    public ApiKeys(IConfiguration configuration)
    {
        var keys = configuration.GetSection(ConfigurationKey).Get<string[]>() ?? [];
        if (keys.Any(string.IsNullOrWhiteSpace))
        {
            // An empty key must not quietly leave the API open or accept an empty header.
            throw new InvalidOperationException($"{ConfigurationKey} has an empty entry; remove it or give it a value.");
        }

        _hashes = keys.Select(Hash).ToArray();
    }

    public bool Required => _hashes.Length > 0;

    public int Count => _hashes.Length;

    /// <summary>"key-N" for the N-th configured key the request presents, or null. The key itself is never kept as an id.</summary>
    public string? Identify(HttpContext context)
    {
        if (context.Items.TryGetValue(IdentityKey, out var known))
        {
            return (string?)known;
        }

        string? id = null;
        if (Required && context.Request.Headers[HeaderName] is [{ Length: > 0 } presented])
        {
            var hash = Hash(presented);
            var match = -1;
            for (var i = 0; i < _hashes.Length; i++)
            {
                // No early exit: the time taken does not depend on which key matched.
                if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]))
                {
                    match = i;
                }
            }

            id = match >= 0 ? $"key-{match}" : null;
        }

        context.Items[IdentityKey] = id;
        return id;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

public static partial class ApiKeyRequirement
{
    /// <summary>Health, the OpenAPI document and Swagger UI stay open so that probes and partners' tooling work without a key.</summary>
    public static bool IsOpen(PathString path) =>
        path == "/" || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/swagger");

    /// <summary>Answers 401 to a protected call without a valid key. Unknown paths need a key too, so they reveal nothing.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeys>();
        var logger = app.ApplicationServices.GetRequiredService<ILogger<ApiKeys>>();
        if (!keys.Required)
        {
            LogOpen(logger, ApiKeys.ConfigurationKey);
            return app;
        }

        LogRequired(logger, keys.Count, ApiKeys.HeaderName);
        return app.Use((context, next) =>
        {
            if (IsOpen(context.Request.Path) || keys.Identify(context) is not null)
            {
                return next(context);
            }

            var detail = context.Request.Headers.ContainsKey(ApiKeys.HeaderName)
                ? $"The {ApiKeys.HeaderName} header does not match any API key of this service."
                : $"This API needs an API key: send it in the {ApiKeys.HeaderName} header.";
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeys.HeaderName}\"";
            return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, detail);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured ({Key}): every /v1 endpoint is open to anyone who can reach it")]
    private static partial void LogOpen(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required on /v1: {Count} key(s) accepted in the {Header} header")]
    private static partial void LogRequired(ILogger logger, int count, string header);
}
