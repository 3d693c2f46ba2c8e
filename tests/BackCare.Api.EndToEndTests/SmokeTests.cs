using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BackCare.Api.EndToEndTests;

/// <summary>The published app, started in Production from another directory, answers every kind of request it serves.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class SmokeTests(PublishedApp published)
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task The_published_app_starts_in_Production_from_another_directory_and_is_ready()
    {
        var app = await published.Plain;

        var ready = await (await app.Client.GetAsync("health/ready")).ReadJsonAsync();

        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        Assert.NotEqual(Path.GetFullPath(published.Directory), Path.GetFullPath(app.WorkingDirectory));
        await app.WaitForLineAsync("Hosting environment: Production", 0, TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = Timeout)]
    public async Task Health_live_is_healthy()
    {
        var live = await (await (await published.Plain).Client.GetAsync("health/live")).ReadJsonAsync();

        Assert.Equal("Healthy", live["status"]!.GetValue<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task Exercises_lists_the_four_exercises()
    {
        var exercises = await (await (await published.Plain).Client.GetAsync("v1/exercises")).ReadJsonAsync();

        var ids = exercises.Ids();
        Assert.Contains("supine-lumbar-rotation", ids);
        Assert.Contains("thoracic-extension-foam-roller", ids);
        Assert.Contains("seated-thoracic-twist", ids);
        Assert.Contains("double-knee-to-chest", ids);
    }

    [Fact(Timeout = Timeout)]
    public async Task An_exercise_is_served_with_its_steps()
    {
        var exercise = await (await (await published.Plain).Client.GetAsync("v1/exercises/double-knee-to-chest")).ReadJsonAsync();

        Assert.Equal("double-knee-to-chest", exercise["id"]!.GetValue<string>());
        var steps = Assert.IsType<JsonArray>(exercise["steps"]);
        Assert.NotEmpty(steps);
        Assert.All(steps, step => Assert.False(string.IsNullOrWhiteSpace(step!.GetValue<string>())));
    }

    [Fact(Timeout = Timeout)]
    public async Task An_unknown_exercise_is_a_404_problem()
    {
        var response = await (await published.Plain).Client.GetAsync("v1/exercises/no-such-exercise");

        await response.ReadProblemAsync(HttpStatusCode.NotFound, "Not Found");
    }

    [Fact(Timeout = Timeout)]
    public async Task Rules_lists_the_contract_rules()
    {
        var rules = await (await (await published.Plain).Client.GetAsync("v1/rules")).ReadJsonAsync();

        var ids = rules.Ids();
        Assert.Contains("RF-CAUDA-EQUINA", ids);
        Assert.Contains("CA-EXCESSIVE-SELF-ADJUSTMENT", ids);
    }

    [Fact(Timeout = Timeout)]
    public async Task Questions_lists_the_questionnaire()
    {
        var questions = await (await (await published.Plain).Client.GetAsync("v1/questions")).ReadJsonAsync();

        Assert.Contains("redFlags.saddleAnesthesia", questions.Ids());
    }

    /// <summary>A partner's check of an answer's stamp: hash the canonical rule set the app serves.</summary>
    [Fact(Timeout = Timeout)]
    public async Task The_SHA_256_of_the_served_rule_set_is_the_stamp_readiness_reports()
    {
        var app = await published.Plain;
        var ready = await (await app.Client.GetAsync("health/ready")).ReadJsonAsync();
        var stamp = ready["checks"]!["rules"]!["sha256"]!.GetValue<string>();

        var ruleset = await app.Client.GetAsync("v1/ruleset");

        Assert.Equal(HttpStatusCode.OK, ruleset.StatusCode);
        var served = Convert.ToHexStringLower(SHA256.HashData(await ruleset.Content.ReadAsByteArrayAsync()));
        Assert.Matches("^[0-9a-f]{64}$", stamp);
        Assert.Equal(stamp, served);
    }

    /// <summary>The app serves, at run time, exactly the document the build wrote and the repository commits.</summary>
    [Fact(Timeout = Timeout)]
    public async Task The_OpenApi_document_served_is_the_committed_one()
    {
        var served = await (await (await published.Plain).Client.GetAsync("openapi/v1.json")).ReadJsonAsync();
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Dotnet.RepositoryRoot(), "openapi", "v1.json")))!;

        Assert.StartsWith("3.1", served["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(committed, served), "GET /openapi/v1.json differs from openapi/v1.json.");
    }

    [Fact(Timeout = Timeout)]
    public async Task Swagger_UI_is_served_as_HTML()
    {
        var response = await (await published.Plain).Client.GetAsync("swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
