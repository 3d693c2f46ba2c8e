using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Api.Tests.Hosting;

[Collection("api")]
public sealed class ProblemTests(ApiFactory factory)
{
    private const string CrashPath = "/test-only/crash";
    private const string CrashMessage = "secret internal detail from a failing dependency";

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/v2/exercises")]
    [InlineData("/v1/exercise")]
    [InlineData("/v1/exercises/double-knee-to-chest/steps")]
    public async Task Unknown_route_is_a_404_problem_naming_the_path(string path)
    {
        var response = await _client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            ["title"] = "Not Found",
            ["status"] = 404,
            ["detail"] = $"There is nothing at '{path}'. GET /openapi/v1.json lists every endpoint.",
        });
    }

    [Theory]
    [InlineData("DELETE", "/v1/exercises")]
    [InlineData("POST", "/v1/exercises")]
    [InlineData("PUT", "/v1/exercises/double-knee-to-chest")]
    public async Task Wrong_method_is_a_405_problem_with_an_allow_header(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
            ["title"] = "Method Not Allowed",
            ["status"] = 405,
            ["detail"] = $"'{path}' does not accept {method}.",
        });
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task An_unhandled_exception_is_a_500_problem_that_says_no_answer_was_produced(string environment)
    {
        using var crashing = factory.WithWebHostBuilder(builder => builder
            .UseEnvironment(environment)
            .ConfigureServices(services => services.AddTransient<IStartupFilter, CrashingEndpoint>()));
        var response = await crashing.CreateClient().GetAsync(CrashPath);

        var problem = await response.ReadProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal(["detail", "status", "title", "traceId", "type"], problem.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.1", problem["type"]!.GetValue<string>());
        Assert.Equal("Internal Server Error", problem["title"]!.GetValue<string>());
        Assert.Equal(500, problem["status"]!.GetValue<int>());
        // The wording is the product's to change; what it must always say is that a failure is not a safe answer.
        Assert.Contains("do not treat this as 'safe'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertNoInternals(problem.ToJsonString());
    }

    [Theory]
    [InlineData("GET", "/v1/exercises?region=spine&movement=twist")]
    [InlineData("GET", "/v1/exercises/%3Cscript%3E")]
    [InlineData("GET", "/nothing/here")]
    [InlineData("PATCH", "/v1/exercises")]
    [InlineData("DELETE", "/health/nonexistent")]
    public async Task No_problem_body_contains_a_stack_trace_or_exception_type(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} returned {(int)response.StatusCode}.");
        var problem = await response.ReadProblemAsync(response.StatusCode);
        AssertNoInternals(problem.ToJsonString());
    }

    private static void AssertNoInternals(string body)
    {
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(CrashMessage, body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"exception\"", body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Adds an endpoint that throws, behind the app's own middleware, to see what a real failure looks like to a caller.</summary>
    private sealed class CrashingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) => context.Request.Path == CrashPath
                ? throw new InvalidOperationException(CrashMessage)
                : nextMiddleware(context));
        };
    }
}
