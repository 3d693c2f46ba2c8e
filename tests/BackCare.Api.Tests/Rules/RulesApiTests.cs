using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BackCare.Api.Rules;
using BackCare.Api.Tests.Assessments;

namespace BackCare.Api.Tests.Rules;

[Collection("api")]
public sealed class RulesApiTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, string, string?> ContractTable => new()
    {
        { "RF-CAUDA-EQUINA", "red_flag", "emergency", "urgent" },
        { "RF-SYSTEMIC", "red_flag", "urgent", "consult" },
        { "RF-NEUROLOGICAL", "red_flag", "consult", "consult" },
        { "RF-CHRONIC", "red_flag", "consult", null },
        { "RF-UNRELENTING", "red_flag", "consult", null },
        { "RF-NO-RELIEF", "red_flag", "consult", null },
        { "CI-OSTEOPOROSIS", "contraindication", "avoid_self_adjustment", "caution" },
        { "CI-INFLAMMATORY-ARTHRITIS", "contraindication", "avoid_self_adjustment", "caution" },
        { "CI-ACUTE-INJURY", "contraindication", "avoid_self_adjustment", "caution" },
        { "CI-SHARP-PAIN", "contraindication", "avoid_self_adjustment", "caution" },
        { "CA-DISC", "caution", "caution", "caution" },
        { "CA-SPINAL-CONDITION", "caution", "caution", "caution" },
        { "CA-RECENT-CAVITATION", "caution", "caution", null },
        { "CA-EXCESSIVE-SELF-ADJUSTMENT", "caution", "caution", "caution" },
    };

    [Fact]
    public async Task The_catalogue_lists_the_fourteen_contract_rules_once_each()
    {
        var rules = await _client.GetFromJsonAsync<JsonArray>("/v1/rules");

        Assert.Equal(ContractTable.Select(row => (string)row[0]).Order(), rules!.Select(r => r!["id"]!.GetValue<string>()).Order());
    }

    [Theory]
    [MemberData(nameof(ContractTable))]
    public async Task Each_rule_has_the_kind_and_grades_of_the_contract_and_a_verbatim_source(
        string id, string kind, string grade, string? gradeIfUnsure)
    {
        var rule = await _client.GetFromJsonAsync<JsonObject>($"/v1/rules/{id}");

        Assert.Equal(kind, rule!["kind"]!.GetValue<string>());
        Assert.Equal(grade, rule["grade"]!.GetValue<string>());
        Assert.Equal(gradeIfUnsure, rule["gradeIfUnsure"]?.GetValue<string>());
        Assert.Contains(rule["source"]!["quote"]!.GetValue<string>(), SourceArticle.ReadShipped(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(rule["advice"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("RF-CHRONIC", "chronicPainDays", 21)]
    [InlineData("CA-RECENT-CAVITATION", "cavitationMinutes", 20)]
    [InlineData("CA-EXCESSIVE-SELF-ADJUSTMENT", "excessiveAdjustmentsPerDay", 3)]
    public async Task Thresholds_are_parameters_of_the_rule_set(string id, string parameter, int value)
    {
        var rule = await _client.GetFromJsonAsync<JsonObject>($"/v1/rules/{id}");

        Assert.Equal(value, rule!["parameters"]![parameter]!.GetValue<int>());
    }

    [Fact]
    public async Task The_sha256_of_the_canonical_rule_set_is_the_stamp_of_every_answer()
    {
        var canonical = await _client.GetAsync("/v1/ruleset");
        var bytes = await canonical.Content.ReadAsByteArrayAsync();
        var answer = await _client.AssessAsync(Answers.NothingWrong());

        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal(HttpStatusCode.OK, canonical.StatusCode);
        Assert.Equal("application/json", canonical.Content.Headers.ContentType!.MediaType);
        Assert.Equal(answer["ruleset"]!["sha256"]!.GetValue<string>(), sha256);
        Assert.Equal($"\"{sha256}\"", canonical.Headers.ETag!.Tag);
        Assert.Equal(14, JsonNode.Parse(bytes)!["rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_canonical_rule_set_is_not_sent_again_to_a_client_that_has_it()
    {
        var first = await _client.GetAsync("/v1/ruleset");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/v1/ruleset") { Headers = { IfNoneMatch = { first.Headers.ETag! } } };

        var response = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_rule_is_a_404_problem()
    {
        var response = await _client.GetAsync("/v1/rules/RF-NOPE");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            ["title"] = "Not Found",
            ["status"] = 404,
            ["detail"] = "There is no rule with id 'RF-NOPE'. GET /v1/rules lists the ids.",
        });
    }
}
