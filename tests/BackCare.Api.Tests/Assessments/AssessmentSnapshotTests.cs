using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace BackCare.Api.Tests.Assessments;

/// <summary>The whole response to a few representative people, so any change to what a person is told shows up as a reviewable diff.</summary>
[Collection("api")]
public sealed class AssessmentSnapshotTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public Task Spec_example_with_a_disc_problem_and_a_recent_pop() =>
        MatchAsync(Snapshot.FullName(), Answers.NothingWrong()
            .With("conditions.discProblem", "yes")
            .With("pain.region", "lumbar")
            .With("selfAdjustment.minutesSinceLast", 12)
            .With("selfAdjustment.timesPerDay", 1)
            .With("selfAdjustment.usesForce", "no"));

    [Fact]
    public Task Cauda_equina_signs_are_an_emergency_with_no_exercises() =>
        MatchAsync(Snapshot.FullName(), Answers.NothingWrong()
            .With("redFlags.bladderOrBowelControlLoss", "yes")
            .With("conditions.discProblem", "yes"));

    [Fact]
    public Task Unsure_answers_take_their_unsure_grades() =>
        MatchAsync(Snapshot.FullName(), Answers.NothingWrong()
            .With("redFlags.feverOrChills", "unsure")
            .With("conditions.severeOsteoporosis", "unsure")
            .With("pain.unrelenting", "unsure"));

    [Fact]
    public Task No_complaints_in_the_mid_back_is_self_care() =>
        MatchAsync(Snapshot.FullName(), Answers.NothingWrong().With("pain.region", "thoracic"));

    private async Task MatchAsync(SnapshotFullName name, System.Text.Json.Nodes.JsonObject request)
    {
        var assessment = await _client.AssessAsync(request);
        Assert.True(Guid.TryParse(assessment["assessmentId"]!.GetValue<string>(), out _));

        Snapshot.Match(JObject.Parse(assessment.ToJsonString()), name, options => options.IgnoreField("assessmentId"));
    }
}
