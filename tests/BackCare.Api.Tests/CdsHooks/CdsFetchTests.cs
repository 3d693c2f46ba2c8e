using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Fhir;
using BackCare.Api.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests.CdsHooks;

/// <summary>
/// A prefetch the EHR did not send is fetched from its fhirServer (a real HTTP server on loopback here) only when that server is on
/// <c>CdsHooks:FhirServers</c>, with the call's bearer token; anything that keeps it from being fetched is a 412.
/// </summary>
[Collection("api")]
public sealed class CdsFetchTests(ApiFactory factory)
{
    private const string Patient = "patient-4711";
    private const string AccessToken = "ehr-access-token-7c1e";

    private readonly ConcurrentQueue<(string PathAndQuery, string Authorization)> _seen = new();

    /// <summary>An EHR's FHIR server: the patient's Conditions (rheumatoid arthritis) and no screening, or whatever <paramref name="answer"/> says.</summary>
    private Task<LoopbackServer> EhrAsync(Func<HttpContext, Task>? answer = null) => LoopbackServer.StartAsync(async context =>
    {
        _seen.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
        if (answer is not null)
        {
            await answer(context);
            return;
        }

        var bundle = context.Request.Path.Value!.EndsWith("/Condition", StringComparison.Ordinal)
            ? CdsHooksTests.Bundle(CdsHooksTests.Condition("69896004"))
            : CdsHooksTests.Bundle();
        context.Response.ContentType = "application/fhir+json";
        await context.Response.WriteAsync(FhirJson.Serialize(bundle));
    });

    private static WebApplicationFactory<Program> Fetching(WebApplicationFactory<Program> factory, string fhirServer) =>
        factory.WithWebHostBuilder(b => b.UseEnvironment("Development").UseSetting("CdsHooks:FhirServers:0", fhirServer));

    private static StringContent Call(string? fhirServer, JsonObject? prefetch = null)
    {
        var call = new JsonObject
        {
            ["hook"] = "patient-view",
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject { ["userId"] = "Practitioner/1", ["patientId"] = Patient },
            ["fhirAuthorization"] = new JsonObject
            {
                ["access_token"] = AccessToken, ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "patient/Condition.read", ["subject"] = "backcare",
            },
        };
        if (fhirServer is not null)
        {
            call["fhirServer"] = fhirServer;
        }

        if (prefetch is not null)
        {
            call["prefetch"] = prefetch;
        }

        return new StringContent(call.ToJsonString(), Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task A_missing_prefetch_is_fetched_from_an_allowlisted_fhirServer_with_the_calls_token_and_graded()
    {
        await using var ehr = await EhrAsync();
        var client = Fetching(factory, $"{ehr.Url}/fhir/").CreateClient();

        var response = await client.PostAsync("/cds-services/backcare-spine-safety", Call($"{ehr.Url}/fhir"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var card = Assert.Single(JsonNode.Parse(body)!["cards"]!.AsArray())!;
        Assert.Equal(("consult", false), (card["extension"]!["org.backcare"]!["grade"]!.GetValue<string>(), card["extension"]!["org.backcare"]!["screened"]!.GetValue<bool>()));
        var seen = _seen.OrderBy(s => s.PathAndQuery, StringComparer.Ordinal).ToList();
        Assert.Equal(2, seen.Count);
        Assert.Equal($"/fhir/Condition?patient={Patient}", seen[0].PathAndQuery);
        Assert.StartsWith($"/fhir/QuestionnaireResponse?subject={Patient}&questionnaire=", seen[1].PathAndQuery, StringComparison.Ordinal);
        Assert.All(seen, s => Assert.Equal($"Bearer {AccessToken}", s.Authorization));
    }

    [Fact]
    public async Task Only_the_keys_that_were_not_sent_are_fetched()
    {
        await using var ehr = await EhrAsync();
        var client = Fetching(factory, $"{ehr.Url}/fhir").CreateClient();

        var response = await client.PostAsync("/cds-services/backcare-spine-safety", Call($"{ehr.Url}/fhir", new JsonObject { ["screening"] = null }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"/fhir/Condition?patient={Patient}"], _seen.Select(s => s.PathAndQuery));
    }

    [Fact]
    public async Task A_fhirServer_not_on_the_allowlist_or_none_is_a_412_and_nothing_is_fetched()
    {
        await using var ehr = await EhrAsync();
        var client = Fetching(factory, "https://ehr.example.org/fhir").CreateClient();

        var notListed = await client.PostAsync("/cds-services/backcare-spine-safety", Call($"{ehr.Url}/fhir"));
        var none = await client.PostAsync("/cds-services/backcare-spine-safety", Call(null));

        Assert.Contains("CdsHooks:FhirServers", Detail(await notListed.ReadProblemAsync(HttpStatusCode.PreconditionFailed)), StringComparison.Ordinal);
        Assert.Contains("names no fhirServer", Detail(await none.ReadProblemAsync(HttpStatusCode.PreconditionFailed)), StringComparison.Ordinal);
        Assert.Empty(_seen);
    }

    public static TheoryData<string, int, string> Failures => new()
    {
        { "refuses the token", 401, "HTTP 401" },
        { "fails", 503, "HTTP 503" },
        { "answers something else than JSON", 200, "not JSON" },
        { "does not answer in time", 0, "no answer within 2 s" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_server_that_cannot_give_the_prefetch_is_a_412_that_says_why_and_names_neither_patient_nor_token(string what, int status, string why)
    {
        await using var ehr = await EhrAsync(async context =>
        {
            if (status == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                return;
            }

            context.Response.StatusCode = status;
            await context.Response.WriteAsync("<html>not FHIR</html>");
        });
        var logs = new CapturedLogs();
        var client = logs.Attach(Fetching(factory, $"{ehr.Url}/fhir")).CreateClient();

        var response = await client.PostAsync("/cds-services/backcare-spine-safety", Call($"{ehr.Url}/fhir"));

        var detail = Detail(await response.ReadProblemAsync(HttpStatusCode.PreconditionFailed));
        Assert.True(detail.Contains(why, StringComparison.Ordinal), $"{what}: {detail}");
        Assert.DoesNotContain(Patient, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Everything.Contains(Patient, StringComparison.Ordinal) || e.Everything.Contains(AccessToken, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("CDS Hooks: a prefetch could not be fetched", StringComparison.Ordinal));
    }

    private static string Detail(JsonObject problem) => problem["detail"]!.GetValue<string>();

    [Fact]
    public void An_http_FHIR_server_outside_Development_stops_the_app_at_start_up()
    {
        var production = factory.WithWebHostBuilder(b => b.UseSetting("CdsHooks:FhirServers:0", "http://ehr.example.org/fhir"));

        var error = Assert.Throws<InvalidOperationException>(() => production.CreateClient());

        Assert.Contains("CdsHooks:FhirServers must list absolute https URLs", error.Message, StringComparison.Ordinal);
    }
}
