using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Exercises;

/// <summary>The catalogue says only what the source article says, word for word.</summary>
[Collection("api")]
public sealed class ExerciseSourceTests(ApiFactory factory)
{
    private static readonly string[] QuotedFields = ["purpose", "steps", "cautions", "technique"];

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [MemberData(nameof(CatalogueTable.EveryId), MemberType = typeof(CatalogueTable))]
    public async Task Every_purpose_step_caution_and_technique_is_quoted_verbatim_from_the_article(string id)
    {
        var article = SourceArticle.ReadShipped();
        var exercise = await GetAsync(id);

        var quotes = QuotedFields.SelectMany(field => Texts(exercise, field).Select(text => (field, text))).ToList();
        var invented = quotes.Where(q => !article.Contains(q.text, StringComparison.Ordinal)).ToList();

        Assert.True(quotes.Count >= 3 + 1 + 1 + 4, $"{id} quotes too little of the article to check.");
        Assert.True(invented.Count == 0, $"{id} has text that is not in the article:\n" + string.Join("\n", invented.Select(q => $"  {q.field}: {q.text}")));
    }

    [Theory]
    [MemberData(nameof(CatalogueTable.EveryId), MemberType = typeof(CatalogueTable))]
    public async Task Every_exercise_carries_the_general_technique_rules(string id)
    {
        var technique = string.Join(" ", Texts(await GetAsync(id), "technique"));

        Assert.Contains("slow, controlled movements", technique, StringComparison.Ordinal);
        Assert.Contains("body positioning and gravity", technique, StringComparison.Ordinal);
        Assert.Contains("rather than relying on sudden, forceful motions", technique, StringComparison.Ordinal);
        Assert.Contains("within a comfortable range of motion", technique, StringComparison.Ordinal);
        Assert.Contains("stopping immediately if any sharp pain occurs", technique, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thoracic-extension-foam-roller", "Maintain a stable neck position and avoid rolling onto your lower back")]
    [InlineData("thoracic-extension-foam-roller", "cradle your neck")]
    [InlineData("seated-thoracic-twist", "sturdy chair")]
    public async Task Exercise_cautions_include_the_articles_warning_for_it(string id, string warning)
    {
        var cautions = Texts(await GetAsync(id), "cautions");

        Assert.Contains(cautions, caution => caution.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_article_is_the_pinned_source_article_and_matches_the_shared_copy()
    {
        var shipped = File.ReadAllBytes(SourceArticle.ShippedPath);
        var repository = File.ReadAllBytes(SourceArticle.RepositoryPath);

        Assert.Equal(SourceArticle.Sha256, Convert.ToHexStringLower(SHA256.HashData(repository)));
        Assert.Equal(repository, shipped);
        if (File.Exists(SourceArticle.SharedPath))
        {
            Assert.Equal(File.ReadAllBytes(SourceArticle.SharedPath), repository);
        }
    }

    private async Task<JsonObject> GetAsync(string id) =>
        JsonNode.Parse(await _client.GetStringAsync($"/v1/exercises/{id}"))!.AsObject();

    private static IEnumerable<string> Texts(JsonObject exercise, string field) => exercise[field] switch
    {
        JsonArray items => items.Select(item => item!.GetValue<string>()),
        JsonValue value => [value.GetValue<string>()],
        _ => throw new InvalidOperationException($"{exercise["id"]} has no '{field}'."),
    };
}
