using System.Net;
using BackCare.Api.Hosting;
using BackCare.Api.Tests.Assessments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests.Hosting;

/// <summary>nosniff on every response, no caching of answers, and CORS only for configured origins.</summary>
[Collection("api")]
public sealed class SecurityHeaderTests(ApiFactory factory)
{
    private const string Partner = "https://app.partner.example";

    private readonly HttpClient _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("GET", "/v1/exercises", 200)]
    [InlineData("GET", "/v1/exercises/no-such-exercise", 404)]
    [InlineData("GET", "/nothing/here", 404)]
    [InlineData("DELETE", "/v1/exercises", 405)]
    [InlineData("POST", "/v1/assessments", 400)]
    [InlineData("GET", "/health/live", 200)]
    [InlineData("GET", "/openapi/v1.json", 200)]
    [InlineData("GET", "/swagger/index.html", 200)]
    [InlineData("GET", "/", 302)]
    public async Task Every_response_says_nosniff(string method, string path, int status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task An_assessment_is_never_cached()
    {
        var response = await _client.PostAssessmentAsync(Answers.NothingWrong());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Without_configured_origins_no_cross_origin_call_is_allowed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
        request.Headers.Add("Origin", Partner);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_configured_origin_may_call_with_its_api_key_and_others_may_not()
    {
        var client = factory.WithWebHostBuilder(builder => builder
            .UseSetting($"{SecurityHeaders.AllowedOriginsKey}:0", Partner)
            .UseSetting($"{ApiKeys.ConfigurationKey}:0", "partner-key-0c4d8e2f")).CreateClient();

        // The browser's preflight carries no key; it must still be answered.
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/assessments");
        preflight.Headers.Add("Origin", Partner);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        var allowed = await client.SendAsync(preflight);

        var foreign = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
        foreign.Headers.Add("Origin", "https://elsewhere.example");
        foreign.Headers.Add(ApiKeys.HeaderName, "partner-key-0c4d8e2f");
        var refused = await client.SendAsync(foreign);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal([Partner], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("x-api-key", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
