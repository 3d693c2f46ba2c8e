using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Hosting;

/// <summary>
/// The keys of <c>Auth:ApiKeys</c>. When any is configured, every endpoint that is not marked anonymous (health and the API docs
/// are) needs an <c>X-Api-Key</c> header matching one of them; with none the API is open (development).
/// </summary>
public sealed class ApiKeys
{
    public const string HeaderName = "X-Api-Key";
    public const string ConfigurationKey = "Auth:ApiKeys";

    /// <summary>The authentication scheme, and the authorization policy the /v1 group (and any unknown path) requires.</summary>
    public const string Scheme = "ApiKey";

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

    /// <summary>
    /// The rate-limit bucket of the key with id "key-N": a prefix of its SHA-256, the same on every instance and whatever the order
    /// of the keys, and never the key itself (a shared store holds it).
    /// </summary>
    public string BucketOf(string id) =>
        "key:" + Convert.ToHexStringLower(_hashes[int.Parse(id.AsSpan("key-".Length), System.Globalization.CultureInfo.InvariantCulture)].AsSpan(0, 12));

    public int Count => _hashes.Length;

    /// <summary>"key-N" for the N-th configured key, or null. The key itself is never kept as an id.</summary>
    public string? Identify(string presented)
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

        return match >= 0 ? $"key-{match}" : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>Authenticates the caller by its <c>X-Api-Key</c>, and answers a challenge with a 401 problem naming the header.</summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.Required || Request.Headers[ApiKeys.HeaderName] is not [{ Length: > 0 } presented])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Identify(presented) is not { } id)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {ApiKeys.HeaderName} header matches no configured key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Request.Headers.ContainsKey(ApiKeys.HeaderName)
            ? $"The {ApiKeys.HeaderName} header does not match any API key of this service."
            : $"This API needs an API key: send it in the {ApiKeys.HeaderName} header.";
        Response.Headers.WWWAuthenticate = $"{ApiKeys.Scheme} header=\"{ApiKeys.HeaderName}\"";
        return Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, detail);
    }
}

public static partial class ApiKeyAuthentication
{
    /// <summary>
    /// The API-key scheme, and the policy that requires it: a configured key when there are any, nothing when there are none. It is
    /// also the fallback policy, so that a path no endpoint serves needs a key too and reveals nothing; health and the docs opt out.
    /// </summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        // Built now, so that a broken key list stops the app at startup rather than at the first request.
        var keys = new ApiKeys(configuration);
        services.AddSingleton(keys);
        services.AddAuthentication(ApiKeys.Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null);
        // Authentication brings data protection, which nothing here protects with: keep its key ring in memory, not on disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var policy = keys.Required
            ? new AuthorizationPolicyBuilder(ApiKeys.Scheme).RequireAuthenticatedUser().Build()
            : new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build();
        services.AddAuthorizationBuilder().AddPolicy(ApiKeys.Scheme, policy).SetFallbackPolicy(policy);
        return services;
    }

    /// <summary>The key's id ("key-N") when the caller presented a valid key, else null.</summary>
    public static string? ApiKeyId(this HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public static IApplicationBuilder UseApiKeys(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        if (keys.Required)
        {
            LogRequired(app.Logger, keys.Count, ApiKeys.HeaderName);
        }
        else
        {
            LogOpen(app.Logger, ApiKeys.ConfigurationKey);
        }

        return app.UseAuthentication();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured ({Key}): every /v1 endpoint is open to anyone who can reach it")]
    private static partial void LogOpen(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required on /v1: {Count} key(s) accepted in the {Header} header")]
    private static partial void LogRequired(ILogger logger, int count, string header);
}
