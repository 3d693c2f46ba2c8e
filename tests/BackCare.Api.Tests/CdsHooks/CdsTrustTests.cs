using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.CdsHooks;
using BackCare.Api.Hosting;
using BackCare.Api.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BackCare.Api.Tests.CdsHooks;

/// <summary>
/// CDS Hooks' trust with <c>CdsHooks:Clients</c> configured: only an ES384 or RS384 JWT of a listed issuer, for the endpoint called,
/// unexpired, with iat and an unused jti, is let in; anything else is a bare 401. Keys are generated here.
/// </summary>
[Collection("api")]
public sealed class CdsTrustTests(ApiFactory factory)
{
    private const string PublicBase = "https://backcare.test";
    private const string Discovery = "/cds-services";
    private const string Ehr = "https://ehr.test";
    private const string OtherEhr = "https://other-ehr.test";

    private static readonly ECDsa EhrKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private static readonly RSA OtherEhrKey = RSA.Create(2048);

    private static readonly JsonWebTokenHandler Tokens = new();

    private WebApplicationFactory<Program> Trusting(params (string Key, string Value)[] more) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("CdsHooks:PublicBaseUrl", PublicBase)
            .UseSetting("CdsHooks:Clients:0:Issuer", Ehr)
            .UseSetting("CdsHooks:Clients:0:PublicKeyPem", EhrKey.ExportSubjectPublicKeyInfoPem())
            .UseSetting("CdsHooks:Clients:1:Issuer", OtherEhr)
            .UseSetting("CdsHooks:Clients:1:PublicKeyPem", OtherEhrKey.ExportSubjectPublicKeyInfoPem());
        foreach (var (key, value) in more)
        {
            b.UseSetting(key, value);
        }
    });

    private static string Token(
        string issuer = Ehr, string path = Discovery, SigningCredentials? signing = null, DateTime? expires = null, DateTime? issuedAt = null, string? jti = "new")
    {
        var claims = new Dictionary<string, object> { ["aud"] = PublicBase + path };
        if (jti is not null)
        {
            claims["jti"] = jti == "new" ? Guid.NewGuid().ToString() : jti;
        }

        return Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
            IssuedAt = issuedAt ?? DateTime.UtcNow,
            NotBefore = null,
            SigningCredentials = signing ?? new SigningCredentials(new ECDsaSecurityKey(EhrKey), SecurityAlgorithms.EcdsaSha384),
        });
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? token, string path = Discovery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private static async Task AssertBare401Async(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_listed_issuers_ES384_or_RS384_token_for_the_endpoint_called_is_let_in_on_discovery_the_call_and_feedback()
    {
        var client = Trusting().CreateClient();
        var rs384 = new SigningCredentials(new RsaSecurityKey(OtherEhrKey), SecurityAlgorithms.RsaSha384);

        var discovery = await GetAsync(client, Token());
        var byOtherEhr = await GetAsync(client, Token(OtherEhr, signing: rs384));
        using var call = new HttpRequestMessage(HttpMethod.Post, "/cds-services/backcare-spine-safety")
        {
            Content = new StringContent("""{"hook":"patient-view","hookInstance":"h1","context":{"patientId":"p1"},"prefetch":{"conditions":null,"screening":null}}""",
                Encoding.UTF8, "application/json"),
        };
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(path: "/cds-services/backcare-spine-safety"));
        var called = await client.SendAsync(call);

        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOtherEhr.StatusCode);
        Assert.Equal("""{"cards":[]}""", await called.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, Func<string>> Refused => new()
    {
        { "expired", () => Token(expires: DateTime.UtcNow.AddMinutes(-5), issuedAt: DateTime.UtcNow.AddMinutes(-10)) },
        { "aud of another endpoint", () => Token(path: "/cds-services/backcare-manipulation-check") },
        { "aud from the Host header", () => Tokens.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Ehr, Audience = "http://localhost/cds-services", Expires = DateTime.UtcNow.AddMinutes(5), IssuedAt = DateTime.UtcNow,
                Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
                SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(EhrKey), SecurityAlgorithms.EcdsaSha384),
            })
        },
        { "an issuer not on the list", () => Token(issuer: "https://stranger.test") },
        { "HS256 with a shared secret", () => Token(signing: new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256)) },
        { "RS256 with a listed key", () => Token(OtherEhr, signing: new SigningCredentials(new RsaSecurityKey(OtherEhrKey), SecurityAlgorithms.RsaSha256)) },
        { "alg none", Unsigned },
        { "signed by another listed client's key", () => Token(issuer: OtherEhr) },
        { "signed by an unknown key", () => Token(signing: new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)), SecurityAlgorithms.EcdsaSha384)) },
        { "no jti", () => Token(jti: null) },
        { "iat in the future", () => Token(issuedAt: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(15)) },
        { "not a JWT", () => "not-a-token" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Any_other_token_is_a_bare_401(string what, Func<string> token)
    {
        var client = Trusting().CreateClient();

        await AssertBare401Async(await GetAsync(client, token()), what);
    }

    [Fact]
    public async Task A_token_without_iat_is_a_bare_401()
    {
        var client = Trusting().CreateClient();
        var header = Base64UrlEncoder.Encode("""{"alg":"ES384","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{Ehr}}","aud":"{{PublicBase}}{{Discovery}}","exp":{{exp}},"jti":"{{Guid.NewGuid()}}"}""");
        var signature = EhrKey.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA384);
        var withoutIat = $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";

        await AssertBare401Async(await GetAsync(client, withoutIat), "no iat");
    }

    [Fact]
    public async Task A_token_is_accepted_once_and_its_replay_is_a_bare_401()
    {
        var client = Trusting().CreateClient();
        var token = Token();

        var first = await GetAsync(client, token);
        var replayed = await GetAsync(client, token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertBare401Async(replayed, "replayed jti");
    }

    [Fact]
    public async Task No_token_reaches_the_logs_even_at_trace_level_accepted_or_refused()
    {
        var logs = new CapturedLogs();
        var client = logs.Attach(Trusting()).CreateClient();
        var accepted = Token();
        var expired = Token(expires: DateTime.UtcNow.AddMinutes(-5), issuedAt: DateTime.UtcNow.AddMinutes(-10));
        var foreign = Token(issuer: "https://stranger.test");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, accepted)).StatusCode);
        await AssertBare401Async(await GetAsync(client, expired), "expired");
        await AssertBare401Async(await GetAsync(client, foreign), "foreign");
        await AssertBare401Async(await GetAsync(client, accepted), "replayed");

        Assert.Contains(logs.Entries, e => e.Category.Contains("JwtBearer", StringComparison.Ordinal));
        foreach (var token in new[] { accepted, expired, foreign })
        {
            // The signature is what makes a token usable; neither it nor the whole token may appear anywhere.
            var signature = token[(token.LastIndexOf('.') + 1)..];
            Assert.DoesNotContain(logs.Entries, e => e.Everything.Contains(signature, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Without_a_token_every_call_is_a_bare_401_and_an_API_key_does_not_stand_in_for_it()
    {
        var client = Trusting(($"{ApiKeys.ConfigurationKey}:0", "partner-key")).CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, "partner-key");

        await AssertBare401Async(await GetAsync(client, null), "no token");
        await AssertBare401Async(await client.PostAsync("/cds-services/backcare-spine-safety/feedback", new StringContent("{}", Encoding.UTF8, "application/json")), "feedback without a token");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/exercises")).StatusCode);
    }

    [Fact]
    public async Task A_client_whose_keys_are_at_a_JWKS_URL_is_trusted_with_the_keys_fetched_from_there()
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ehr-2026" };
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        var fetches = 0;
        await using var jwks = await LoopbackServer.StartAsync(context =>
        {
            Interlocked.Increment(ref fetches);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject { ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y, ["kid"] = jwk.Kid, ["use"] = "sig" }),
            }.ToJsonString());
        });
        var client = factory.WithWebHostBuilder(b => b.UseEnvironment("Development")
            .UseSetting("CdsHooks:PublicBaseUrl", PublicBase)
            .UseSetting("CdsHooks:Clients:0:Issuer", Ehr)
            .UseSetting("CdsHooks:Clients:0:JwksUrl", $"{jwks.Url}/.well-known/jwks.json")).CreateClient();

        var trusted = await GetAsync(client, Token(signing: new SigningCredentials(key, SecurityAlgorithms.EcdsaSha384)));
        var again = await GetAsync(client, Token(signing: new SigningCredentials(key, SecurityAlgorithms.EcdsaSha384)));
        var pinnedKeyOfNobody = await GetAsync(client, Token());

        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertBare401Async(pinnedKeyOfNobody, "a key not in the JWK Set");
        // Cached: the second call and the refused one (whose unknown key may ask for one refresh) do not fetch it each time.
        Assert.InRange(fetches, 1, 2);
    }

    public static TheoryData<string, (string, string)[]> Misconfigured => new()
    {
        { "PublicBaseUrl", [("CdsHooks:Clients:0:Issuer", Ehr), ("CdsHooks:Clients:0:PublicKeyPem", EhrKey.ExportSubjectPublicKeyInfoPem())] },
        { "CdsHooks:Clients:0:PublicKeyPem is not", [("CdsHooks:PublicBaseUrl", PublicBase), ("CdsHooks:Clients:0:Issuer", Ehr), ("CdsHooks:Clients:0:PublicKeyPem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")] },
        { "P-384", [("CdsHooks:PublicBaseUrl", PublicBase), ("CdsHooks:Clients:0:Issuer", Ehr), ("CdsHooks:Clients:0:PublicKeyPem", ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem())] },
        { "needs exactly one of PublicKeyPem and JwksUrl", [("CdsHooks:PublicBaseUrl", PublicBase), ("CdsHooks:Clients:0:Issuer", Ehr)] },
        { "JwksUrl must be an absolute https URL", [("CdsHooks:PublicBaseUrl", PublicBase), ("CdsHooks:Clients:0:Issuer", Ehr), ("CdsHooks:Clients:0:JwksUrl", "http://ehr.test/jwks")] },
        { "CdsHooks:Clients:0:Issuer is missing", [("CdsHooks:PublicBaseUrl", PublicBase), ("CdsHooks:Clients:0:JwksUrl", "https://ehr.test/jwks")] },
    };

    [Theory]
    [MemberData(nameof(Misconfigured))]
    public void A_misconfigured_trust_stops_the_app_at_start_up_naming_the_setting(string named, (string, string)[] settings)
    {
        var misconfigured = factory.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

        var error = Assert.Throws<InvalidOperationException>(() => misconfigured.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_on_a_configured_origin_gets_its_preflight_with_the_Authorization_header_allowed_without_a_token()
    {
        const string sandbox = "https://sandbox.cds-hooks.org";
        var client = Trusting(($"{SecurityHeaders.AllowedOriginsKey}:0", sandbox)).CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/cds-services/backcare-spine-safety");
        preflight.Headers.Add("Origin", sandbox);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([sandbox], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    private static string Unsigned()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var iat = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." +
               Base64UrlEncoder.Encode($$"""{"iss":"{{Ehr}}","aud":"{{PublicBase}}{{Discovery}}","exp":{{exp}},"iat":{{iat}},"jti":"{{Guid.NewGuid()}}"}""") + ".";
    }
}

/// <summary>A real HTTP server on a loopback port for the length of a test: an EHR's JWK Set or FHIR server.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return new LoopbackServer(app, app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
