using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// CDS Hooks on the published app as an operator configures it for one EHR (a PEM key, the public URL), called as that EHR calls
/// it: every call with a fresh ES384 JWT signed here, discovery, both services, feedback, and the tokens it must refuse.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class CdsHooksTests(PublishedApp published) : IAsyncLifetime
{
    private const string PublicBase = "https://backcare.e2e.example";
    private const string Ehr = "https://ehr.e2e.example";
    private const string SpineSafety = "/cds-services/backcare-spine-safety";
    private const string ManipulationCheck = "/cds-services/backcare-manipulation-check";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private AppProcess _app = null!;

    public async Task InitializeAsync() => _app = await published.StartOwnAsync("cds-hooks", new Dictionary<string, string>
    {
        ["CdsHooks__PublicBaseUrl"] = PublicBase,
        ["CdsHooks__Clients__0__Issuer"] = Ehr,
        ["CdsHooks__Clients__0__PublicKeyPem"] = _key.ExportSubjectPublicKeyInfoPem(),
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string Jwt(string path, string alg = "ES384", long? expires = null, byte[]? hmacKey = null) =>
        EhrJwt.Create(_key, Ehr, PublicBase + path, alg, expires, hmacKey);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await _app.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> CallAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, Jwt(path), body);

    private static JsonObject Call(string hook, JsonNode? conditions, JsonObject? context = null)
    {
        context ??= new JsonObject();
        context["userId"] = "Practitioner/e2e";
        context["patientId"] = "e2e-patient";
        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context,
            ["prefetch"] = new JsonObject { ["conditions"] = conditions, ["screening"] = null },
        };
    }

    private static JsonObject Conditions(params (string System, string Code, string Clinical)[] codes) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "searchset",
        ["entry"] = new JsonArray([.. codes.Select((c, i) => (JsonNode)new JsonObject
        {
            ["fullUrl"] = $"https://ehr.e2e.example/fhir/Condition/c{i}",
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "Condition",
                ["id"] = $"c{i}",
                ["clinicalStatus"] = Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", c.Clinical),
                ["verificationStatus"] = Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
                ["code"] = Coding(c.System, c.Code),
                ["subject"] = new JsonObject { ["reference"] = "Patient/e2e-patient" },
                ["recordedDate"] = "2025-03-02",
            },
        })]),
    };

    private static JsonObject Coding(string system, string code) => new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) };

    private static JsonObject Extension(JsonNode card) => card["extension"]!["org.backcare"]!.AsObject();

    [Fact(Timeout = 120_000)]
    public async Task Discovery_lists_both_services_to_a_signed_EHR()
    {
        var discovery = await (await SendAsync(HttpMethod.Get, "/cds-services", Jwt("/cds-services"))).ReadJsonAsync();

        Assert.Equal(["patient-view/backcare-spine-safety", "order-select/backcare-manipulation-check", "order-sign/backcare-manipulation-check"],
            discovery["services"]!.AsArray().Select(s => $"{s!["hook"]}/{s["id"]}"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Patient_view_grades_the_record_without_a_screening_at_least_consult_and_ignores_an_inactive_condition()
    {
        var conditions = Conditions(
            ("http://hl7.org/fhir/sid/icd-10-cm", "M06.9", "active"),     // rheumatoid arthritis
            ("http://snomed.info/sct", "73589001", "resolved"),           // a disc problem that resolved
            ("http://snomed.info/sct", "38341003", "active"));            // hypertension: on no list

        var card = Assert.Single((await (await CallAsync(SpineSafety, Call("patient-view", conditions))).ReadJsonAsync())["cards"]!.AsArray())!;
        var nothing = await (await CallAsync(SpineSafety, Call("patient-view", null))).ReadJsonAsync();

        Assert.Equal("warning", card["indicator"]!.GetValue<string>());
        Assert.Equal(("consult", false), (Extension(card)["grade"]!.GetValue<string>(), Extension(card)["screened"]!.GetValue<bool>()));
        Assert.Equal(["CI-INFLAMMATORY-ARTHRITIS"], Extension(card)["ruleIds"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.InRange(card["summary"]!.GetValue<string>().Length, 1, 140);
        Assert.Equal("""{"cards":[]}""", nothing.ToJsonString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Order_sign_with_a_manipulation_order_against_severe_osteoporosis_suggests_removing_it()
    {
        var order = new JsonObject
        {
            ["resourceType"] = "ServiceRequest", ["id"] = "chiro-1", ["status"] = "draft", ["intent"] = "order",
            ["code"] = Coding("http://www.ama-assn.org/go/cpt", "98941"), ["subject"] = new JsonObject { ["reference"] = "Patient/e2e-patient" },
        };
        var drafts = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = order }) };
        var context = new JsonObject { ["draftOrders"] = drafts };

        var answer = await (await CallAsync(ManipulationCheck, Call("order-sign", Conditions(("http://snomed.info/sct", "443165006", "active")), context))).ReadJsonAsync();

        var card = Assert.Single(answer["cards"]!.AsArray())!;
        Assert.Equal("at-most-one", card["selectionBehavior"]!.GetValue<string>());
        var action = card["suggestions"]![0]!["actions"]![0]!;
        Assert.Equal(("delete", "ServiceRequest/chiro-1"), (action["type"]!.GetValue<string>(), action["resourceId"]![0]!.GetValue<string>()));
        Assert.NotEmpty(card["overrideReasons"]!.AsArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task Feedback_is_200_and_bad_calls_are_problems()
    {
        var feedback = new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["card"] = "c1", ["outcome"] = "accepted", ["outcomeTimestamp"] = "2026-12-01T12:00:00Z" }) };
        var noPrefetch = Call("patient-view", null);
        noPrefetch.Remove("prefetch");

        Assert.Equal(HttpStatusCode.OK, (await CallAsync($"{SpineSafety}/feedback", feedback)).StatusCode);
        await (await CallAsync(SpineSafety, noPrefetch)).ReadProblemAsync(HttpStatusCode.PreconditionFailed, "Precondition Failed");
        await (await CallAsync(SpineSafety, Call("order-sign", null))).ReadProblemAsync(HttpStatusCode.BadRequest, "Bad Request");
        await (await CallAsync("/cds-services/no-such-service", Call("patient-view", null))).ReadProblemAsync(HttpStatusCode.NotFound, "Not Found");
    }

    [Fact(Timeout = 120_000)]
    public async Task Missing_expired_misaddressed_HS256_unsigned_and_replayed_tokens_are_bare_401s_and_no_token_is_logged()
    {
        var replayed = Jwt("/cds-services");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/cds-services", replayed)).StatusCode);
        var refused = new Dictionary<string, string?>
        {
            ["missing"] = null,
            ["expired"] = Jwt("/cds-services", expires: DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()),
            ["for another endpoint"] = Jwt(SpineSafety),
            ["HS256"] = Jwt("/cds-services", alg: "HS256", hmacKey: RandomNumberGenerator.GetBytes(32)),
            ["alg none"] = Jwt("/cds-services", alg: "none"),
            ["replayed"] = replayed,
        };

        foreach (var (what, token) in refused)
        {
            var response = await SendAsync(HttpMethod.Get, "/cds-services", token);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        // Each token's last part (its signature; the claims of an unsigned one) appears nowhere in the app's output.
        var secrets = refused.Values.OfType<string>().Select(t => t.Split('.').Last(part => part.Length > 0)).ToList();
        Assert.DoesNotContain(_app.Lines(), line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)));
    }
}

/// <summary>A compact JWS as an EHR writes it for a CDS Hooks call: ES384 over the base64url header and claims (the signature in IEEE P1363 form, as JWS wants).</summary>
public static class EhrJwt
{
    public static string Create(ECDsa key, string issuer, string audience, string alg = "ES384", long? expires = null, byte[]? hmacKey = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" });
        var claims = Encode(new JsonObject
        {
            ["iss"] = issuer, ["aud"] = audience, ["exp"] = expires ?? now + 300, ["iat"] = now, ["jti"] = Guid.NewGuid().ToString(),
        });
        var signed = Encoding.ASCII.GetBytes($"{header}.{claims}");
        var signature = alg switch
        {
            "none" => [],
            "HS256" => HMACSHA256.HashData(hmacKey!, signed),
            _ => key.SignData(signed, HashAlgorithmName.SHA384),
        };
        return $"{header}.{claims}.{Base64Url(signature)}";

        static string Encode(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
