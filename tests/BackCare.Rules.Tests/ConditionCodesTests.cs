using BackCare.Domain;

namespace BackCare.Rules.Tests;

/// <summary>The code lists that turn coded Conditions into screening answers: as the contract lists them, and refused when malformed.</summary>
public sealed class ConditionCodesTests
{
    private static readonly Lazy<Task<ConditionCodes>> Shipped = new(() => ConditionCodes.LoadAsync(RuleFiles.Shipped));

    public static TheoryData<string, string, string, string> Mapped => new()
    {
        { ConditionCodes.Snomed, "192970008", "redFlags.saddleAnesthesia", "yes" },
        { ConditionCodes.Snomed, "12454008", "redFlags.bladderOrBowelControlLoss", "yes" },
        { ConditionCodes.Icd10Cm, "G83.4", "redFlags.saddleAnesthesia", "yes" },
        { ConditionCodes.Snomed, "443165006", "conditions.severeOsteoporosis", "yes" },
        { ConditionCodes.Icd10Cm, "M80.08XA", "conditions.severeOsteoporosis", "yes" },
        { ConditionCodes.Snomed, "64859006", "conditions.severeOsteoporosis", "unsure" },
        { ConditionCodes.Icd10Cm, "M81.0", "conditions.severeOsteoporosis", "unsure" },
        { ConditionCodes.Snomed, "69896004", "conditions.inflammatoryArthritis", "yes" },
        { ConditionCodes.Icd10Cm, "M45.6", "conditions.inflammatoryArthritis", "yes" },
        { ConditionCodes.Icd10Cm, "L40.52", "conditions.inflammatoryArthritis", "yes" },
        { ConditionCodes.Icd10, "M06.9", "conditions.inflammatoryArthritis", "yes" },
        { ConditionCodes.Snomed, "73589001", "conditions.discProblem", "yes" },
        { ConditionCodes.Icd10Cm, "M51.26", "conditions.discProblem", "yes" },
        { ConditionCodes.Snomed, "209565008", "conditions.recentAcuteInjury", "yes" },
        { ConditionCodes.Icd10Cm, "S39.012A", "conditions.recentAcuteInjury", "yes" },
        { ConditionCodes.Icd10Cm, "S32.010A", "conditions.recentAcuteInjury", "yes" },
        { ConditionCodes.Snomed, "18347007", "conditions.otherSpinalCondition", "yes" },
        { ConditionCodes.Icd10Cm, "M48.061", "conditions.otherSpinalCondition", "yes" },
        { ConditionCodes.Snomed, "23056005", "redFlags.radiatingNumbnessTinglingOrWeakness", "yes" },
        { ConditionCodes.Icd10Cm, "M54.41", "redFlags.radiatingNumbnessTinglingOrWeakness", "yes" },
        { ConditionCodes.Snomed, "386661006", "redFlags.feverOrChills", "yes" },
        { ConditionCodes.Icd10Cm, "R50.9", "redFlags.feverOrChills", "yes" },
        { ConditionCodes.Snomed, "422868009", "redFlags.unexplainedWeightLoss", "yes" },
        { ConditionCodes.Icd10Cm, "R63.4", "redFlags.unexplainedWeightLoss", "yes" },
    };

    [Theory]
    [MemberData(nameof(Mapped))]
    public async Task A_listed_code_raises_its_answer(string system, string code, string path, string answer)
    {
        var codes = await Shipped.Value;

        var list = Assert.Single(codes.Match(system, code));

        Assert.Equal(SnakeCaseEnum<Answer>.TryParse(answer, out var expected) ? expected : throw new ArgumentException(answer), list.Answers[path]);
        Assert.False(string.IsNullOrWhiteSpace(list.Source));
    }

    [Theory]
    [InlineData(ConditionCodes.Icd10Cm, "M8")]        // shorter than the prefix
    [InlineData(ConditionCodes.Icd10Cm, "M54.5")]     // low back pain: not radiating
    [InlineData(ConditionCodes.Icd10Cm, "G83.40")]    // an exact code is not a prefix
    [InlineData(ConditionCodes.Icd10, "S39.012A")]    // ICD-10-CM only
    [InlineData(ConditionCodes.Snomed, "19297000")]   // a digit short
    [InlineData("http://loinc.org", "192970008")]     // another system
    [InlineData(ConditionCodes.Snomed, null)]
    public async Task Anything_else_raises_nothing(string system, string? code)
    {
        Assert.Empty((await Shipped.Value).Match(system, code));
    }

    [Fact]
    public async Task A_recent_acute_injury_counts_within_six_weeks_and_only_that_list_asks_for_recency()
    {
        var codes = await Shipped.Value;

        Assert.Equal(TimeSpan.FromDays(42), codes.RecentAcuteInjury);
        Assert.Equal(["recent-acute-injury"], codes.Lists.Where(l => l.RecentOnly).Select(l => l.Id));
    }

    public static TheoryData<string, Action<System.Text.Json.Nodes.JsonObject>, string> Broken => new()
    {
        { "an unknown answer", f => f["lists"]!["fever"]!["answers"] = new System.Text.Json.Nodes.JsonObject { ["redFlags.fever"] = "yes" },
            "condition-codes.json: list 'fever': 'redFlags.fever' is not a yes/no/unsure answer of the request." },
        { "an answer lowered to no", f => f["lists"]!["fever"]!["answers"]!["redFlags.feverOrChills"] = "no",
            "condition-codes.json: list 'fever': 'redFlags.feverOrChills' must be raised to 'yes' or 'unsure', not 'no'." },
        { "a malformed SNOMED code", f => f["lists"]!["fever"]!["snomed"] = new System.Text.Json.Nodes.JsonArray("38666100x"),
            "condition-codes.json: list 'fever': '38666100x' is not a snomed code." },
        { "a code in two lists", f => f["lists"]!["fever"]!["icd10cm"] = new System.Text.Json.Nodes.JsonArray("R63.4"),
            "condition-codes.json: list 'unexplained-weight-loss': icd10cm 'R63.4' is already in list 'fever'." },
        { "no source", f => f["lists"]!["fever"]!["source"] = " ", "condition-codes.json: list 'fever' has no 'source'." },
        { "no window", f => f["recentAcuteInjuryDays"] = 0, "condition-codes.json: 'recentAcuteInjuryDays' must be a whole number of days from 1 to 365." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_list_is_refused_naming_the_list_and_the_problem(string what, Action<System.Text.Json.Nodes.JsonObject> edit, string problem)
    {
        using var files = new RuleFiles().Edit(edit, ConditionCodes.File);

        var error = await Assert.ThrowsAsync<RuleSetException>(() => ConditionCodes.LoadAsync(files.Path));

        Assert.True(error.Problems.SequenceEqual([problem]), $"{what}: {string.Join(" | ", error.Problems)}");
    }

    [Fact]
    public async Task A_misspelt_key_is_refused_not_ignored()
    {
        using var files = new RuleFiles().Edit(f => f["lists"]!["fever"]!["icd10CM"] = new System.Text.Json.Nodes.JsonArray(), ConditionCodes.File);

        var error = await Assert.ThrowsAsync<RuleSetException>(() => ConditionCodes.LoadAsync(files.Path));

        Assert.Contains("icd10CM", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
