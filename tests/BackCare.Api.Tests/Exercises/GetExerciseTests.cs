using System.Net;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Exercises;

[Collection("api")]
public sealed class GetExerciseTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [MemberData(nameof(CatalogueTable.EveryId), MemberType = typeof(CatalogueTable))]
    public async Task Each_fixed_id_returns_that_exercise_as_listed(string id)
    {
        var response = await _client.GetAsync($"/v1/exercises/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var exercise = Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        ExerciseAssert.MatchesRow(CatalogueTable.Row(id), exercise);

        var listed = JsonNode.Parse(await _client.GetStringAsync("/v1/exercises"))!.AsArray()
            .Single(e => e!["id"]!.GetValue<string>() == id);
        Assert.True(JsonNode.DeepEquals(listed, exercise), $"GET /v1/exercises/{id} differs from its entry in the list.");
    }

    [Theory]
    [InlineData("no-such-exercise")]
    public async Task Unknown_id_is_a_404_problem_naming_the_id(string id)
    {
        var response = await _client.GetAsync($"/v1/exercises/{id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            ["title"] = "Not Found",
            ["status"] = 404,
            ["detail"] = $"There is no exercise with id '{id}'. GET /v1/exercises lists the ids.",
        });
    }
}
