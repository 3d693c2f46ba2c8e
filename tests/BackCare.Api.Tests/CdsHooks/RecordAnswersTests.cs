using BackCare.Api.CdsHooks;
using BackCare.Domain;
using BackCare.Rules;
using BackCare.Rules.Tests;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.CdsHooks;

/// <summary>Coded Conditions on the record raise screening answers: only active, unrefuted ones, and a recent injury only while recent.</summary>
public sealed class RecordAnswersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<Task<ConditionCodes>> Codes = new(() => ConditionCodes.LoadAsync(RuleFiles.Shipped));

    [Fact]
    public async Task An_active_condition_raises_its_answer_and_names_its_list()
    {
        var answers = RecordAnswers.From([Condition(ConditionCodes.Snomed, "69896004")], await Codes.Value, Now);

        Assert.Equal(new RecordedAnswer(Answer.Yes, ["inflammatory-arthritis"]), Assert.Single(answers, a => a.Key == "conditions.inflammatoryArthritis").Value, Comparer);
        Assert.Single(answers);
    }

    [Theory]
    [InlineData("active", null, true)]
    [InlineData("recurrence", null, true)]
    [InlineData("relapse", "confirmed", true)]
    [InlineData("active", "provisional", true)]
    [InlineData("inactive", null, false)]
    [InlineData("remission", null, false)]
    [InlineData("resolved", null, false)]
    [InlineData("active", "refuted", false)]
    [InlineData("active", "entered-in-error", false)]
    [InlineData(null, null, false)]
    public async Task Only_an_active_recurring_or_relapsed_condition_that_is_not_refuted_counts(string? clinical, string? verification, bool counts)
    {
        var condition = Condition(ConditionCodes.Icd10Cm, "M51.26", clinical, verification);

        var answers = RecordAnswers.From([condition], await Codes.Value, Now);

        Assert.Equal(counts, answers.ContainsKey("conditions.discProblem"));
    }

    [Fact]
    public async Task Osteoporosis_without_a_fracture_is_unsure_and_with_one_yes()
    {
        var codes = await Codes.Value;

        var without = RecordAnswers.From([Condition(ConditionCodes.Snomed, "64859006")], codes, Now);
        var both = RecordAnswers.From([Condition(ConditionCodes.Snomed, "64859006"), Condition(ConditionCodes.Icd10Cm, "M80.08XA")], codes, Now);

        Assert.Equal(Answer.Unsure, without["conditions.severeOsteoporosis"].Answer);
        Assert.Equal(new RecordedAnswer(Answer.Yes, ["osteoporosis-without-fracture", "severe-osteoporosis"]), both["conditions.severeOsteoporosis"], Comparer);
    }

    [Theory]
    [InlineData(-1, null, true)]     // onset yesterday
    [InlineData(-42, null, true)]    // onset at the edge of the six weeks
    [InlineData(-43, null, false)]
    [InlineData(null, -10, true)]    // no onset: the recorded date counts
    [InlineData(null, -60, false)]
    [InlineData(-60, -1, false)]     // an old onset recorded yesterday is old
    [InlineData(null, null, false)]  // no date at all: not known to be recent
    [InlineData(3, null, false)]     // an onset in the future is not a recent injury
    public async Task A_recent_acute_injury_counts_only_within_the_window(int? onsetDays, int? recordedDays, bool counts)
    {
        var condition = Condition(ConditionCodes.Snomed, "209565008");
        if (onsetDays is { } onset)
        {
            condition.Onset = new FhirDateTime(Now.AddDays(onset));
        }

        if (recordedDays is { } recorded)
        {
            condition.RecordedDateElement = new FhirDateTime(Now.AddDays(recorded));
        }

        var answers = RecordAnswers.From([condition], await Codes.Value, Now);

        Assert.Equal(counts, answers.ContainsKey("conditions.recentAcuteInjury"));
    }

    [Fact]
    public async Task Cauda_equina_raises_both_of_its_answers_and_unknown_codes_raise_nothing()
    {
        var answers = RecordAnswers.From(
            [Condition(ConditionCodes.Icd10Cm, "G83.4"), Condition("http://loinc.org", "192970008"), Condition(ConditionCodes.Icd10Cm, "M54.5")],
            await Codes.Value, Now);

        Assert.Equal(["redFlags.bladderOrBowelControlLoss", "redFlags.saddleAnesthesia"], answers.Keys.Order(StringComparer.Ordinal));
        Assert.All(answers.Values, a => Assert.Equal(Answer.Yes, a.Answer));
    }

    private static Condition Condition(string system, string code, string? clinical = "active", string? verification = null) => new()
    {
        Code = new CodeableConcept(system, code),
        ClinicalStatus = clinical is null ? null : new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical),
        VerificationStatus = verification is null ? null : new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification),
        Subject = new ResourceReference("Patient/example"),
    };

    private static readonly RecordedAnswerComparer Comparer = new();

    private sealed class RecordedAnswerComparer : IEqualityComparer<RecordedAnswer>
    {
        public bool Equals(RecordedAnswer? x, RecordedAnswer? y) => x is not null && y is not null && x.Answer == y.Answer && x.Lists.SequenceEqual(y.Lists);

        public int GetHashCode(RecordedAnswer obj) => obj.Answer.GetHashCode();
    }
}
