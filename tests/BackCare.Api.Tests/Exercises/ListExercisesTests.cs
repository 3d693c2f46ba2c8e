using System.Net;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace BackCare.Api.Tests.Exercises;

[Collection("api")]
public sealed class ListExercisesTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task List_is_a_plain_array_of_exactly_the_four_fixed_ids_in_catalogue_order()
    {
        var exercises = await ListAsync("/v1/exercises");

        Assert.Equal(CatalogueTable.Ids, exercises.Select(e => e!["id"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(CatalogueTable.EveryId), MemberType = typeof(CatalogueTable))]
    public async Task Each_listed_exercise_matches_its_row_of_the_catalogue_table(string id)
    {
        var exercises = await ListAsync("/v1/exercises");
        var exercise = Assert.Single(exercises, e => e!["id"]!.GetValue<string>() == id)!.AsObject();

        ExerciseAssert.MatchesRow(CatalogueTable.Row(id), exercise);
    }

    [Theory]
    [InlineData("region=lumbar", new[] { "supine-lumbar-rotation", "double-knee-to-chest" })]
    [InlineData("region=thoracic", new[] { "thoracic-extension-foam-roller", "seated-thoracic-twist" })]
    [InlineData("movement=rotation", new[] { "supine-lumbar-rotation", "seated-thoracic-twist" })]
    [InlineData("movement=extension", new[] { "thoracic-extension-foam-roller" })]
    [InlineData("movement=flexion", new[] { "double-knee-to-chest" })]
    [InlineData("region=thoracic&movement=rotation", new[] { "seated-thoracic-twist" })]
    [InlineData("region=lumbar&movement=extension", new string[0])]
    public async Task Filters_return_exactly_the_matching_exercises(string query, string[] expectedIds)
    {
        var exercises = await ListAsync($"/v1/exercises?{query}");

        Assert.Equal(expectedIds, exercises.Select(e => e!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("spine")]
    [InlineData("0")]
    [InlineData("lumbar,thoracic")]
    public async Task Unknown_region_filter_is_a_400_problem_naming_the_parameter(string region)
    {
        var response = await _client.GetAsync($"/v1/exercises?region={Uri.EscapeDataString(region)}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ValidationProblem(new JsonObject
        {
            ["region"] = new JsonArray($"'{region}' is not a known region. Use one of: lumbar, thoracic."),
        }));
    }

    [Theory]
    [InlineData("twist")]
    [InlineData("1")]
    [InlineData("side_bend")]
    public async Task Unknown_movement_filter_is_a_400_problem_naming_the_parameter(string movement)
    {
        var response = await _client.GetAsync($"/v1/exercises?movement={Uri.EscapeDataString(movement)}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ValidationProblem(new JsonObject
        {
            ["movement"] = new JsonArray($"'{movement}' is not a known movement. Use one of: rotation, extension, flexion."),
        }));
    }

    [Fact]
    public async Task Two_unknown_filters_are_one_400_problem_naming_both_parameters()
    {
        var response = await _client.GetAsync("/v1/exercises?region=neck&movement=twist");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ValidationProblem(new JsonObject
        {
            ["region"] = new JsonArray("'neck' is not a known region. Use one of: lumbar, thoracic."),
            ["movement"] = new JsonArray("'twist' is not a known movement. Use one of: rotation, extension, flexion."),
        }));
    }

    [Fact]
    public async Task The_catalogue_matches_its_snapshot()
    {
        var response = await _client.GetAsync("/v1/exercises");
        response.EnsureSuccessStatusCode();

        // Parsed, not raw text, so the snapshot file is indented JSON a reviewer can read as a diff.
        Snapshot.Match(JToken.Parse(await response.Content.ReadAsStringAsync()));
    }

    private async Task<JsonArray> ListAsync(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<JsonArray>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static JsonObject ValidationProblem(JsonObject errors) => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        ["title"] = "One or more validation errors occurred.",
        ["status"] = 400,
        ["detail"] = "One or more query parameters have values the API does not know.",
        ["errors"] = errors,
    };
}
