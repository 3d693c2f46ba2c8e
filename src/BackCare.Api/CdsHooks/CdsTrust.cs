using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.CdsHooks;

/// <summary>An EHR allowed to call BackCare's CDS services: its <c>iss</c>, and its public key or the URL of its JWK Set.</summary>
public sealed class CdsClientSettings
{
    public string? Issuer { get; set; }

    public string? PublicKeyPem { get; set; }

    public string? JwksUrl { get; set; }
}

/// <summary>The <c>CdsHooks</c> configuration section (integration-v1, section 2, "Trust").</summary>
public sealed class CdsHooksSettings
{
    public const string Section = "CdsHooks";

    /// <summary>Where the EHR reaches BackCare, e.g. <c>https://backcare.example.org</c>: a token's <c>aud</c> is this plus the path called.</summary>
    public string? PublicBaseUrl { get; set; }

    public List<CdsClientSettings> Clients { get; set; } = [];

    /// <summary>The EHR FHIR servers a missing prefetch may be fetched from.</summary>
    public List<string> FhirServers { get; set; } = [];
}

/// <summary>
/// The trusted EHRs, checked at start-up: each issuer once, with exactly one of a PEM public key (P-384 for ES384, RSA of 2048 bits
/// or more for RS384) or an https JWK Set URL (http only in Development).
/// </summary>
public sealed class CdsClients
{
    public CdsClients(IConfiguration configuration, bool development)
    {
        var settings = configuration.GetSection(CdsHooksSettings.Section).Get<CdsHooksSettings>() ?? new CdsHooksSettings();
        var problems = new List<string>();
        foreach (var (client, i) in settings.Clients.Select((c, i) => (c, i)))
        {
            var where = $"{CdsHooksSettings.Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.Issuer))
            {
                problems.Add($"{where}:Issuer is missing.");
                continue;
            }

            if (Issuers.Contains(client.Issuer))
            {
                problems.Add($"{where}:Issuer '{client.Issuer}' is listed twice.");
            }

            Issuers.Add(client.Issuer);
            switch ((string.IsNullOrWhiteSpace(client.PublicKeyPem), string.IsNullOrWhiteSpace(client.JwksUrl)))
            {
                case (false, true) when ReadPem(client.PublicKeyPem!) is { } key:
                    Pinned.Add((client.Issuer, key));
                    break;
                case (false, true):
                    problems.Add($"{where}:PublicKeyPem is not a P-384 EC or 2048-bit (or larger) RSA public key in PEM.");
                    break;
                case (true, false) when IsAllowed(client.JwksUrl!, development):
                    Fetched.Add((client.Issuer, new Uri(client.JwksUrl!)));
                    break;
                case (true, false):
                    problems.Add($"{where}:JwksUrl must be an absolute https URL{(development ? " (or http in Development)" : "")}.");
                    break;
                default:
                    problems.Add($"{where} needs exactly one of PublicKeyPem and JwksUrl.");
                    break;
            }
        }

        if (Issuers.Count > 0 && (settings.PublicBaseUrl is not { } publicBase || !IsAllowed(publicBase, development)))
        {
            problems.Add($"{CdsHooksSettings.Section}:PublicBaseUrl must be BackCare's absolute https URL{(development ? " (or http in Development)" : "")} when " +
                         "clients are configured: the audience every token carries is built from it.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("CDS Hooks trust is misconfigured: " + string.Join(" ", problems));
        }

        PublicBaseUrl = settings.PublicBaseUrl?.TrimEnd('/') ?? "";
    }

    /// <summary>Whether any client is configured: then every CDS Hooks call needs its JWT.</summary>
    public bool Required => Issuers.Count > 0;

    public HashSet<string> Issuers { get; } = new(StringComparer.Ordinal);

    public List<(string Issuer, SecurityKey Key)> Pinned { get; } = [];

    public List<(string Issuer, Uri Jwks)> Fetched { get; } = [];

    public string PublicBaseUrl { get; }

    internal static bool IsAllowed(string url, bool development) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (development && uri.Scheme == Uri.UriSchemeHttp));

    private static SecurityKey? ReadPem(string pem)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec.KeySize == 384 ? new ECDsaSecurityKey(ec) : null;
        }
        catch (ArgumentException)
        {
            // Not an EC key: perhaps RSA.
        }
        catch (CryptographicException)
        {
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.KeySize >= 2048 ? new RsaSecurityKey(rsa) : null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// CDS Hooks' trust (integration-v1, section 2): with <c>CdsHooks:Clients</c> configured, every call needs a JWT signed with ES384 or
/// RS384 by a listed issuer's key, whose <c>aud</c> is <c>CdsHooks:PublicBaseUrl</c> plus the path called (never the Host header),
/// that has not expired, carries <c>iat</c> and a <c>jti</c> not seen before. Anything else is a bare 401. Without clients, the CDS
/// services are as open as the rest of the API: an API key where the deployment issues them, nothing in development.
/// </summary>
public static partial class CdsTrust
{
    public const string Scheme = "CdsHooksJwt";
    public const string Policy = "CdsHooks";

    /// <summary>Asymmetric only, as CDS Hooks requires: a shared secret (HS256) or an unsigned token (<c>alg: none</c>) is refused.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384];

    /// <summary>How far the EHR's clock may be from BackCare's, for <c>exp</c> and <c>iat</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    public static WebApplicationBuilder AddCdsTrust(this WebApplicationBuilder builder)
    {
        var clients = new CdsClients(builder.Configuration, builder.Environment.IsDevelopment());
        var services = builder.Services;
        services.AddSingleton(clients);
        if (!clients.Required)
        {
            services.AddOptions<AuthorizationOptions>().Configure(o => o.AddPolicy(Policy, o.GetPolicy(ApiKeys.Scheme)!));
            return builder;
        }

        services.AddSingleton<SeenTokens>();
        services.AddSingleton<CdsClientKeys>();
        services.AddHttpClient(CdsClientKeys.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<CdsClientKeys, SeenTokens, TimeProvider>((options, keys, seen, time) =>
        {
            options.MapInboundClaims = false;
            // A bare 401: no reason in WWW-Authenticate, and no problem body either (see OnChallenge).
            options.IncludeErrorDetails = false;
            options.ConfigurationManager = keys;
            options.RefreshOnIssuerKeyNotFound = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuers = clients.Issuers,
                ValidAlgorithms = Algorithms,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = ClockSkew,
                // The audience depends on the endpoint called: checked in OnTokenValidated.
                ValidateAudience = false,
                // A key verifies only its own issuer's tokens: one EHR cannot sign as another.
                ValidateIssuerSigningKey = true,
                IssuerSigningKeyValidator = (key, token, _) => keys.Owns(token.Issuer, key),
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    if (await RefusalAsync(context, (JsonWebToken)context.SecurityToken, clients.PublicBaseUrl, seen, time) is { } refusal)
                    {
                        context.Fail(refusal);
                    }
                },
                OnChallenge = context =>
                {
                    if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
                    {
                        pages.Enabled = false;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Why a signed, unexpired token from a listed issuer is still refused, or null. The jti is taken last, so a refused token does not spend it.</summary>
    private static async Task<string?> RefusalAsync(TokenValidatedContext context, JsonWebToken token, string publicBaseUrl, SeenTokens seen, TimeProvider time)
    {
        var audience = publicBaseUrl + context.Request.Path.Value;
        if (!token.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            return "aud is not the endpoint called.";
        }

        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat) || DateTimeOffset.FromUnixTimeSeconds(iat) > time.GetUtcNow() + ClockSkew)
        {
            return "iat is missing or in the future.";
        }

        return string.IsNullOrEmpty(token.Id) || !await seen.TryAddAsync(token.Issuer, token.Id, token.ValidTo, context.HttpContext.RequestAborted)
            ? "jti is missing or was seen before."
            : null;
    }

    /// <summary>
    /// The document's word on a CDS Hooks operation: the client's JWT where clients are configured, else the API key where keys are
    /// issued; the 401 is bare for a refused JWT and a problem for a refused key.
    /// </summary>
    internal static Task DescribeSecurity(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "CDS Hooks 2.0: a JWT the EHR signs with ES384 or RS384, with `iss` one of `CdsHooks:Clients`, `aud` the URL called " +
                          "(`CdsHooks:PublicBaseUrl` + the path), `exp`, `iat` and a `jti` used once. Required on every /cds-services call where clients are configured.",
        };
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiProblems.ApiKeyScheme, document)] = [] },
        ];
        operation.Responses ??= [];
        operation.Responses["401"] = OpenApiProblems.ProblemResponse(document,
            "Where CDS Hooks clients are configured: no valid client JWT, answered bare (no body, `WWW-Authenticate: Bearer`). " +
            $"Otherwise, on deployments that issue API keys: no valid `{ApiKeys.HeaderName}`, answered with this problem.");
        return Task.CompletedTask;
    }

    /// <summary>What the CDS services require, said once at start-up.</summary>
    internal static void Log(ILogger logger, CdsClients clients)
    {
        if (clients.Required)
        {
            LogRequired(logger, clients.Issuers.Count, clients.PublicBaseUrl);
        }
        else
        {
            LogNotConfigured(logger, CdsHooksSettings.Section);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDS Hooks: every call needs a JWT signed by one of {Count} configured client(s), for audience {PublicBaseUrl}/cds-services/…")]
    private static partial void LogRequired(ILogger logger, int count, string publicBaseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "CDS Hooks: no clients configured ({Section}:Clients): /cds-services needs what /v1 needs")]
    private static partial void LogNotConfigured(ILogger logger, string section);
}

/// <summary>
/// The <c>jti</c> of every accepted token, per issuer, until the token expires: a token is accepted once. Kept in this process and,
/// with <c>RateLimit:Store=Redis</c>, in Redis too, so that a token accepted by one instance is refused by every other; while Redis
/// is unavailable each instance still refuses what it has seen itself.
/// </summary>
public sealed class SeenTokens(TimeProvider time, IServiceProvider services)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Issuer, string Id), DateTimeOffset> _seen = new();
    private readonly RedisBuckets? _shared = services.GetService<RedisBuckets>();
    private long _nextSweep;

    public async Task<bool> TryAddAsync(string issuer, string id, DateTime expires, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now.UtcTicks >= Interlocked.Read(ref _nextSweep))
        {
            Interlocked.Exchange(ref _nextSweep, (now + SweepEvery).UtcTicks);
            // Past its expiry (and the skew) a token is refused anyway, so its jti need not be remembered.
            foreach (var (key, until) in _seen.Where(s => s.Value < now))
            {
                _seen.TryRemove(key, out _);
            }
        }

        var expiry = new DateTimeOffset(expires, TimeSpan.Zero) + CdsTrust.ClockSkew;
        if (!_seen.TryAdd((issuer, id), expiry))
        {
            return false;
        }

        var claim = "jti:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{issuer}\n{id}")));
        var lifetime = expiry - now;
        return _shared is null || lifetime <= TimeSpan.Zero || await _shared.ClaimOnceAsync(claim, lifetime, cancellationToken) != false;
    }
}

/// <summary>
/// The clients' signing keys, as JwtBearer's configuration: the PEM keys, and each JWK Set fetched from its URL only, cached and
/// refreshed by IdentityModel's <see cref="ConfigurationManager{T}"/> (again when a token names a key it does not know). A JWK Set
/// that cannot be fetched only refuses its own issuer's tokens.
/// </summary>
internal sealed partial class CdsClientKeys : IConfigurationManager<OpenIdConnectConfiguration>
{
    public const string HttpClientName = "cds-hooks-jwks";

    private readonly CdsClients _clients;
    private readonly List<(string Issuer, ConfigurationManager<JsonWebKeySet> Keys)> _fetched;
    private readonly ConditionalWeakTable<SecurityKey, string> _owners = new();
    private readonly ILogger<CdsClientKeys> _logger;

    public CdsClientKeys(CdsClients clients, IHttpClientFactory http, IHostEnvironment environment, ILogger<CdsClientKeys> logger)
    {
        _clients = clients;
        _logger = logger;
        var retriever = new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = !environment.IsDevelopment() };
        _fetched = [.. clients.Fetched.Select(c => (c.Issuer, new ConfigurationManager<JsonWebKeySet>(c.Jwks.AbsoluteUri, new JwksRetriever(), retriever)))];
        foreach (var (issuer, key) in clients.Pinned)
        {
            _owners.AddOrUpdate(key, issuer);
        }
    }

    public bool Owns(string issuer, SecurityKey key) => _owners.TryGetValue(key, out var owner) && owner == issuer;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration();
        foreach (var (_, key) in _clients.Pinned)
        {
            configuration.SigningKeys.Add(key);
        }

        foreach (var (issuer, keys) in _fetched)
        {
            try
            {
                foreach (var key in (await keys.GetConfigurationAsync(cancel)).GetSigningKeys())
                {
                    _owners.AddOrUpdate(key, issuer);
                    configuration.SigningKeys.Add(key);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnavailable(_logger, issuer, e.GetType().Name);
            }
        }

        return configuration;
    }

    public void RequestRefresh()
    {
        foreach (var (_, keys) in _fetched)
        {
            keys.RequestRefresh();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDS Hooks: the JWK Set of client {Issuer} could not be fetched ({Error}); its calls are refused")]
    private static partial void LogUnavailable(ILogger logger, string issuer, string error);

    private sealed class JwksRetriever : IConfigurationRetriever<JsonWebKeySet>
    {
        public async Task<JsonWebKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel) =>
            new(await retriever.GetDocumentAsync(address, cancel));
    }
}
