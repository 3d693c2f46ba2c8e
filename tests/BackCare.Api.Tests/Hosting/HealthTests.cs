using System.Net;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Hosting;

[Collection("api")]
public sealed class HealthTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Liveness_is_200_healthy()
    {
        var health = await GetHealthAsync("/health/live");

        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_is_200_healthy_once_the_exercise_catalogue_is_loaded()
    {
        var health = await GetHealthAsync("/health/ready");

        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["exercises"]!["status"]!.GetValue<string>());
    }

    private async Task<JsonObject> GetHealthAsync(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached.");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
