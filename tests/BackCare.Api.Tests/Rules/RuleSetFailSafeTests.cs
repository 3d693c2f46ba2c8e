using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Rules;
using BackCare.Api.Tests.Assessments;
using BackCare.Api.Tests.Fhir;
using Hl7.Fhir.Model;
using BackCare.Rules.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.Rules;

/// <summary>A rule that fails, or a rule set that does not load, never looks like "nothing fired" to a caller.</summary>
[Collection("api")]
public sealed class RuleSetFailSafeTests(ApiFactory factory)
{
    [Fact]
    public async Task A_rule_that_throws_at_run_time_is_a_500_naming_it_never_a_silent_no()
    {
        using var api = factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton(new RuleClasses(FaultyRules.With<ChronicPainThatThrowsAtSevenDays>()))));
        var client = api.CreateClient();

        var fine = await client.PostAssessmentAsync(Answers.NothingWrong().With("pain.durationDays", 30));
        var response = await client.PostAssessmentAsync(Answers.NothingWrong().With("pain.durationDays", 7));

        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            ["title"] = "Internal Server Error",
            ["status"] = 500,
            ["detail"] = "Rule RF-CHRONIC could not be evaluated, so no grade was produced. Do not treat this as 'safe'.",
        });
    }

    [Fact]
    public async Task Through_FHIR_a_rule_that_throws_is_a_500_OperationOutcome_naming_it_and_an_invalid_rule_set_a_503()
    {
        using var faulty = factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton(new RuleClasses(FaultyRules.With<ChronicPainThatThrowsAtSevenDays>()))));
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["grade"] = "severe");
        using var invalid = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path));
        var response = FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong().With("pain.durationDays", 7));

        var failed = await (await faulty.CreateClient().TriageAsync(response)).ReadResourceAsync<OperationOutcome>(HttpStatusCode.InternalServerError);
        var notReady = await (await invalid.CreateClient().TriageAsync(response)).ReadResourceAsync<OperationOutcome>(HttpStatusCode.ServiceUnavailable);

        Assert.Equal((OperationOutcome.IssueType.Exception, "Rule RF-CHRONIC could not be evaluated, so no grade was produced. Do not treat this as 'safe'."),
            (Assert.Single(failed.Issue).Code!.Value, failed.Issue[0].Diagnostics));
        Assert.Equal(OperationOutcome.IssueType.Transient, Assert.Single(notReady.Issue).Code);
        FhirValidation.AssertValid(failed);
    }

    [Fact]
    public async Task An_invalid_rule_set_keeps_the_api_not_ready_and_refuses_to_grade()
    {
        using var files = new RuleFiles().EditRule("CA-DISC", r => r["grade"] = "severe");
        using var api = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path));
        var client = api.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var assessment = await client.PostAssessmentAsync(Answers.NothingWrong());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await assessment.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            ["title"] = "Service Unavailable",
            ["status"] = 503,
            ["detail"] = "No valid rule set is loaded, so BackCare cannot grade answers. This is not a 'safe' answer; try again later.",
        });
        var rules = await client.GetAsync("/v1/rules");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rules.StatusCode);
    }
}
