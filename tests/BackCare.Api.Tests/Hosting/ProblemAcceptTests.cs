using System.Net;
using System.Text;
using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests.Hosting;

/// <summary>Every error is a problem document, whatever the client says it accepts: never an empty 500 or a text/plain status line.</summary>
[Collection("api")]
public sealed class ProblemAcceptTests(ApiFactory factory, KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    public static TheoryData<string> Accepts => new() { "application/xml", "text/html", "image/png" };

    private WebApplicationFactory<Program> Guarded => factory.WithWebHostBuilder(builder => builder
        .UseSetting(RateLimits.ConfigurationKey, "1")
        .UseKeys(ApiKeyTests.Alpha));

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_unknown_route_is_a_404_problem(string accept) =>
        await AssertProblemAsync(factory.CreateClient(), Request(HttpMethod.Get, "/v2/nothing", accept), HttpStatusCode.NotFound);

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_wrong_method_is_a_405_problem(string accept) =>
        await AssertProblemAsync(factory.CreateClient(), Request(HttpMethod.Delete, "/v1/exercises", accept), HttpStatusCode.MethodNotAllowed);

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_wrong_content_type_is_a_415_problem(string accept)
    {
        var request = Request(HttpMethod.Post, "/v1/assessments", accept);
        request.Content = new StringContent("redFlags=no", Encoding.UTF8, "text/plain");

        await AssertProblemAsync(factory.CreateClient(), request, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_oversized_body_is_a_413_problem(string accept)
    {
        var request = Request(HttpMethod.Post, "/v1/assessments", accept);
        request.Content = new StringContent(new string(' ', (int)AssessmentsApi.MaxBodyBytes + 1) + "{}", Encoding.UTF8, "application/json");

        // Kestrel enforces the limit; the in-memory test server has none.
        await AssertProblemAsync(kestrel.CreateClient(), request, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_missing_api_key_is_a_401_problem(string accept) =>
        await AssertProblemAsync(Guarded.CreateClient(), Request(HttpMethod.Get, "/v1/exercises", accept), HttpStatusCode.Unauthorized);

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Past_the_rate_limit_is_a_429_problem_with_retry_after(string accept)
    {
        var client = Guarded.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKeyTests.Alpha);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Request(HttpMethod.Get, "/v1/exercises", "application/json"))).StatusCode);

        var response = await AssertProblemAsync(client, Request(HttpMethod.Get, "/v1/exercises", accept), HttpStatusCode.TooManyRequests);

        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string accept) =>
        new(method, path) { Headers = { { "Accept", accept } } };

    private static async Task<HttpResponseMessage> AssertProblemAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode status)
    {
        var response = await client.SendAsync(request);
        var problem = await response.ReadProblemAsync(status);

        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"The {(int)status} problem has no detail.");
        return response;
    }
}
