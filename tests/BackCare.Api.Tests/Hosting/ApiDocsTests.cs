using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackCare.Api.Tests.Hosting;

[Collection("api")]
public sealed class ApiDocsTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task OpenApi_document_is_served_as_OpenApi_3_1_with_the_exercise_operations()
    {
        var document = await GetOpenApiAsync();

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var operationIds = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Select(operation => operation.Value!["operationId"]?.GetValue<string>())
            .ToList();
        Assert.Contains("listExercises", operationIds);
        Assert.Contains("getExercise", operationIds);
        Assert.Equal("listExercises", document["paths"]!["/v1/exercises"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal("getExercise", document["paths"]!["/v1/exercises/{id}"]!["get"]!["operationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Served_OpenApi_document_is_the_one_the_build_writes_to_openapi_v1_json()
    {
        var served = await GetOpenApiAsync();
        var committedPath = Path.Combine(SourceArticle.RepositoryRoot().FullName, "openapi", "v1.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath));

        Assert.True(JsonNode.DeepEquals(committed, served), "GET /openapi/v1.json differs from the openapi/v1.json the build wrote.");
    }

    [Fact]
    public async Task Swagger_UI_is_served_as_HTML()
    {
        var response = await _client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_redirects_to_Swagger_UI()
    {
        var response = await _client.GetAsync("/");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect,
            $"GET / returned {(int)response.StatusCode}.");
        Assert.Equal("/swagger", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Docs_Enabled_false_switches_off_the_document_Swagger_UI_and_the_redirect()
    {
        using var withoutDocs = factory.WithWebHostBuilder(builder => builder.UseSetting("Docs:Enabled", "false"));
        var client = withoutDocs.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var path in new[] { "/openapi/v1.json", "/swagger/index.html", "/" })
        {
            var response = await client.GetAsync(path);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(404, problem["status"]!.GetValue<int>());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/exercises")).StatusCode);
    }

    private async Task<JsonObject> GetOpenApiAsync()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
