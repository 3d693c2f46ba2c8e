using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Assessments;

[Collection("api")]
public sealed class QuestionsTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task There_is_one_question_per_answer_of_the_request_in_request_order()
    {
        var questions = await ListAsync();

        Assert.Equal(
        [
            "redFlags.bladderOrBowelControlLoss", "redFlags.saddleAnesthesia", "redFlags.feverOrChills", "redFlags.unexplainedWeightLoss",
            "redFlags.radiatingNumbnessTinglingOrWeakness",
            "conditions.severeOsteoporosis", "conditions.inflammatoryArthritis", "conditions.recentAcuteInjury", "conditions.discProblem",
            "conditions.otherSpinalCondition",
            "pain.durationDays", "pain.unrelenting", "pain.persistsDespiteRestOrOtc", "pain.sharpPainDuringMovement", "pain.region",
            "selfAdjustment.minutesSinceLast", "selfAdjustment.timesPerDay", "selfAdjustment.usesForce",
        ], questions.Select(q => q["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Required_answers_are_exactly_the_red_flags_the_conditions_and_the_duration()
    {
        var questions = await ListAsync();

        var required = questions.Where(q => q["required"]!.GetValue<bool>()).Select(q => q["id"]!.GetValue<string>());
        Assert.All(required, id => Assert.True(id.StartsWith("redFlags.", StringComparison.Ordinal)
            || id.StartsWith("conditions.", StringComparison.Ordinal) || id == "pain.durationDays", id));
        Assert.Equal(11, required.Count());
    }

    [Theory]
    [InlineData("pain.durationDays", 0, 36500)]
    [InlineData("selfAdjustment.minutesSinceLast", 0, 525600)]
    [InlineData("selfAdjustment.timesPerDay", 0, 1000)]
    public async Task Integer_questions_carry_their_range(string id, int minimum, int maximum)
    {
        var question = (await ListAsync()).Single(q => q["id"]!.GetValue<string>() == id);

        Assert.Equal("integer", question["answerType"]!.GetValue<string>());
        Assert.Equal(minimum, question["minimum"]!.GetValue<int>());
        Assert.Equal(maximum, question["maximum"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("redFlags.saddleAnesthesia", "answer", new[] { "no", "unsure", "yes" }, new[] { "RF-CAUDA-EQUINA" })]
    [InlineData("pain.region", "region", new[] { "lumbar", "thoracic" }, new string[0])]
    [InlineData("selfAdjustment.minutesSinceLast", "integer", null, new[] { "CA-RECENT-CAVITATION" })]
    [InlineData("pain.durationDays", "integer", null, new[] { "RF-CHRONIC" })]
    public async Task Each_question_names_its_answer_type_values_and_the_rules_that_read_it(
        string id, string type, string[]? values, string[] ruleIds)
    {
        var question = (await ListAsync()).Single(q => q["id"]!.GetValue<string>() == id);

        Assert.Equal(type, question["answerType"]!.GetValue<string>());
        Assert.Equal(values, question["allowedValues"]?.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(ruleIds, question["ruleIds"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(question["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_rule_reads_at_least_one_question_and_every_yes_no_question_is_read_by_a_rule()
    {
        var questions = await ListAsync();
        var rules = await _client.GetFromJsonAsync<JsonArray>("/v1/rules");

        var read = questions.SelectMany(q => q["ruleIds"]!.AsArray().Select(r => r!.GetValue<string>())).ToHashSet();
        Assert.Equal(rules!.Select(r => r!["id"]!.GetValue<string>()).Order(), read.Order());
        Assert.All(questions.Where(q => q["answerType"]!.GetValue<string>() == "answer"),
            q => Assert.NotEmpty(q["ruleIds"]!.AsArray()));
    }

    private async Task<IReadOnlyList<JsonObject>> ListAsync() =>
        (await _client.GetFromJsonAsync<JsonArray>("/v1/questions"))!.Select(q => q!.AsObject()).ToArray();
}
