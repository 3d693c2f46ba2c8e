using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests.Hosting;

/// <summary>With keys configured, every /v1 call needs one of them in X-Api-Key; health and the API docs stay open.</summary>
[Collection("api")]
public sealed class ApiKeyTests(ApiFactory factory)
{
    internal const string Alpha = "alpha-7Qm2x9LkP4vT8wZr";
    internal const string Beta = "beta-Hn3cV6bY1sD5fJ0q";

    internal static readonly JsonObject Missing = Unauthorized("This API needs an API key: send it in the X-Api-Key header.");
    private static readonly JsonObject Wrong = Unauthorized("The X-Api-Key header does not match any API key of this service.");

    private WebApplicationFactory<Program> WithKeys(params string[] keys) => factory.WithWebHostBuilder(builder => builder.UseKeys(keys));

    [Theory]
    [InlineData("GET", "/v1/exercises")]
    [InlineData("GET", "/v1/questions")]
    [InlineData("GET", "/v1/rules/CA-DISC")]
    [InlineData("POST", "/v1/assessments")]
    [InlineData("GET", "/v2/anything")]
    public async Task A_call_without_a_key_is_a_401_problem_naming_the_header(string method, string path)
    {
        var response = await WithKeys(Alpha, Beta).CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, Missing);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("alpha")]
    [InlineData("alpha-7Qm2x9LkP4vT8wZ")]
    [InlineData("alpha-7Qm2x9LkP4vT8wZrX")]
    [InlineData("ALPHA-7QM2X9LKP4VT8WZR")]
    [InlineData(" alpha-7Qm2x9LkP4vT8wZr")]
    [InlineData("alpha-7Qm2x9LkP4vT8wZrbeta-Hn3cV6bY1sD5fJ0q")]
    public async Task A_key_that_is_not_exactly_one_of_the_configured_keys_is_a_401(string presented)
    {
        var client = WithKeys(Alpha, Beta).CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/exercises");
        request.Headers.TryAddWithoutValidation(ApiKeys.HeaderName, presented);

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, presented.Trim().Length == 0 ? Missing : Wrong);
    }

    [Theory]
    [InlineData(Alpha)]
    [InlineData(Beta)]
    public async Task Any_configured_key_opens_every_v1_endpoint(string key)
    {
        var client = WithKeys(Alpha, Beta).CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);

        foreach (var path in new[] { "/v1/exercises", "/v1/exercises/double-knee-to-chest", "/v1/questions", "/v1/rules", "/v1/rules/CA-DISC" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Assessments.Answers.PostAssessmentAsync(client, Assessments.Answers.NothingWrong())).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Health_and_the_api_docs_need_no_key(string path)
    {
        var response = await WithKeys(Alpha).CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void An_empty_configured_key_stops_the_app_rather_than_accept_an_empty_header()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WithKeys(Alpha, " ").CreateClient());

        Assert.Equal("Auth:ApiKeys has an empty entry; remove it or give it a value.", error.Message);
    }

    private static JsonObject Unauthorized(string detail) => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        ["title"] = "Unauthorized",
        ["status"] = 401,
        ["detail"] = detail,
    };
}


/// <summary>The key and the quota are checked before any body is read: an anonymous or throttled client cannot make the server read it.</summary>
[Collection("api")]
public sealed class BodyAfterKeyTests(ApiFactory factory)
{
    private static HttpContent Oversized(bool chunked) => Bodies.Json(new string(' ', (int)BackCare.Api.Assessments.AssessmentsApi.MaxBodyBytes * 4) + "{}", chunked);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversized_body_without_a_key_is_a_401_not_read_as_a_413(bool chunked)
    {
        var client = factory.WithWebHostBuilder(builder => builder.UseKeys(ApiKeyTests.Alpha)).CreateClient();

        var response = await client.PostAsync("/v1/assessments", Oversized(chunked));

        await response.AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized, ApiKeyTests.Missing);
    }

    [Fact]
    public async Task An_oversized_body_past_the_rate_limit_is_a_429_not_read_as_a_413()
    {
        var client = factory.WithWebHostBuilder(builder => builder.UseSetting(RateLimits.ConfigurationKey, "1")).CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/exercises")).StatusCode);

        var response = await client.PostAsync("/v1/assessments", Oversized(chunked: false));

        await response.ReadProblemAsync(System.Net.HttpStatusCode.TooManyRequests);
    }
}

public static class ApiKeySettings
{
    /// <summary>Configures keys as an operator would: <c>Auth:ApiKeys:0</c>, <c>Auth:ApiKeys:1</c>, …</summary>
    public static IWebHostBuilder UseKeys(this IWebHostBuilder builder, params string[] keys)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"{ApiKeys.ConfigurationKey}:{i}", keys[i]);
        }

        return builder;
    }
}
