using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackCare.Api.Fhir;
using BackCare.Api.Tests.Assessments;
using BackCare.Api.Tests.Fhir;
using BackCare.Api.Tests.Rules;
using BackCare.Rules;
using BackCare.Rules.Tests;
using Microsoft.AspNetCore.Hosting;
using CsCheck;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Tests.CdsHooks;

/// <summary>The CDS Hooks services as an EHR calls them, with realistic prefetch Bundles.</summary>
[Collection("api")]
public sealed class CdsHooksTests(ApiFactory factory)
{
    private const string SpineSafety = "/cds-services/backcare-spine-safety";
    private const string ManipulationCheck = "/cds-services/backcare-manipulation-check";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Discovery_lists_both_services_on_their_hooks_with_prefetch_and_usage()
    {
        var discovery = await ReadAsync(await _client.GetAsync("/cds-services"));

        var services = discovery["services"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal([("patient-view", "backcare-spine-safety"), ("order-select", "backcare-manipulation-check"), ("order-sign", "backcare-manipulation-check")],
            services.Select(s => (s["hook"]!.GetValue<string>(), s["id"]!.GetValue<string>())));
        Assert.All(services, s => Assert.Equal(["conditions", "screening"], s["prefetch"]!.AsObject().Select(p => p.Key)));
        Assert.All(services, s => Assert.False(string.IsNullOrWhiteSpace(s["usageRequirements"]?.GetValue<string>())));
        Assert.Equal("Condition?patient={{context.patientId}}", services[0]["prefetch"]!["conditions"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_screening_what_the_record_shows_is_at_least_consult_and_asks_for_the_screening()
    {
        var card = Assert.Single(await CardsAsync(SpineSafety, "patient-view", Bundle(Condition("69896004"))));

        Assert.Equal(("warning", "consult", false), (card["indicator"]!.GetValue<string>(), Grade(card), Screened(card)));
        Assert.Equal(["CI-INFLAMMATORY-ARTHRITIS"], RuleIds(card));
        Assert.Contains("Red flags have not been screened", card["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("backcare-screening", card["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuted_and_inactive_conditions_do_not_count_and_with_nothing_else_there_is_nothing_to_say()
    {
        var refuted = Condition("69896004");
        refuted.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted");
        var inactive = Condition("73589001", clinical: "inactive");

        Assert.Empty(await CardsAsync(SpineSafety, "patient-view", Bundle(refuted, inactive)));
        Assert.Empty(await CardsAsync(SpineSafety, "patient-view", null));
    }

    [Fact]
    public async Task Osteoporosis_without_a_fracture_is_read_as_unsure()
    {
        var card = Assert.Single(await CardsAsync(SpineSafety, "patient-view", Bundle(Condition("64859006"))));

        Assert.Equal(["CI-OSTEOPOROSIS"], RuleIds(card));
        Assert.Equal("consult", Grade(card));
        Assert.Contains("`conditions.severeOsteoporosis` is unsure", card["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_condition_on_record_raises_a_screening_answer_and_never_lowers_one()
    {
        var screening = Answers.NothingWrong().With("conditions.discProblem", "yes");

        var raised = Assert.Single(await CardsAsync(SpineSafety, "patient-view", Bundle(Condition("69896004")), screening));
        var kept = Assert.Single(await CardsAsync(SpineSafety, "patient-view", null, screening));

        Assert.Equal(("avoid_self_adjustment", true), (Grade(raised), Screened(raised)));
        Assert.Equal(["CI-INFLAMMATORY-ARTHRITIS", "CA-DISC"], RuleIds(raised));
        Assert.Equal(("caution", "info", "CA-DISC"), (Grade(kept), kept["indicator"]!.GetValue<string>(), string.Join(",", RuleIds(kept))));
        Assert.Equal("BackCare screening: caution (Known disc problem)", kept["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task For_generated_screenings_the_cards_grade_and_rules_equal_v1_assessments()
    {
        await Respondents.Valid.SampleAsync(async person =>
        {
            var assessment = await _client.AssessAsync(person.ToJson());
            var card = Assert.Single(await CardsAsync(SpineSafety, "patient-view", null, person.ToJson()));

            Assert.Equal((assessment.Grade(), string.Join(",", assessment.FiredRuleIds())), (Grade(card), string.Join(",", RuleIds(card))));
            Assert.True(Screened(card));
        }, iter: 200, threads: 1, print: p => p.ToJson().ToJsonString());
    }

    [Fact]
    public async Task Prefetched_resources_that_fhir_validation_refuses_are_still_read()
    {
        // An EHR's data is messy: no subject (Condition.subject is 1..1), an id that is not a FHIR id, a date that is not a FHIR
        // dateTime, an empty string, an element R4 does not have. None of it hides the coded diagnosis or the person's answers.
        var messy = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = "Condition",
                    ["id"] = "not a FHIR id!",
                    ["clinicalStatus"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/condition-clinical", ["code"] = "active" }),
                    },
                    ["code"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://snomed.info/sct", ["code"] = "69896004" }),
                        ["text"] = "",
                    },
                    ["recordedDate"] = "12/06/2014",
                    ["severityScore"] = 3,
                },
            }),
        };
        var screening = JsonNode.Parse(FhirJson.Serialize(Bundle(FhirCalls.ToQuestionnaireResponse(Answers.NothingWrong()))))!;
        screening["entry"]![0]!["resource"]!["id"] = "not a FHIR id!";
        screening["entry"]![0]!["resource"]!["reviewedBy"] = "Practitioner/1";

        var unscreened = Call("patient-view", null, null, null, null);
        unscreened["prefetch"]!["conditions"] = messy.DeepClone();
        var screened = Call("patient-view", null, null, null, null);
        screened["prefetch"]!["conditions"] = messy.DeepClone();
        screened["prefetch"]!["screening"] = screening;

        var fromRecord = Assert.Single(await CardsAsync(SpineSafety, unscreened));
        var fromBoth = Assert.Single(await CardsAsync(SpineSafety, screened));

        Assert.Equal(("consult", false, "CI-INFLAMMATORY-ARTHRITIS"), (Grade(fromRecord), Screened(fromRecord), string.Join(",", RuleIds(fromRecord))));
        Assert.Equal((true, "CI-INFLAMMATORY-ARTHRITIS"), (Screened(fromBoth), string.Join(",", RuleIds(fromBoth))));
    }

    [Fact]
    public async Task A_manipulation_order_against_a_contraindication_gets_a_warning_with_a_suggestion_to_remove_it()
    {
        var screening = Answers.NothingWrong().With("conditions.severeOsteoporosis", "yes");
        var orders = Bundle(Order("m1", "http://www.ama-assn.org/go/cpt", "98940"), Order("x1", "http://snomed.info/sct", "229065009"));

        var signed = Assert.Single(await CardsAsync(ManipulationCheck, "order-sign", null, screening, orders));
        var selected = Assert.Single(await CardsAsync(ManipulationCheck, "order-select", null, screening, orders, ["ServiceRequest/m1"]));
        var otherSelected = await CardsAsync(ManipulationCheck, "order-select", null, screening, orders, ["ServiceRequest/x1"]);
        var noManipulation = await CardsAsync(ManipulationCheck, "order-sign", null, screening, Bundle(Order("x1", "http://snomed.info/sct", "229065009")));

        foreach (var card in new[] { signed, selected })
        {
            Assert.Equal(("warning", "avoid_self_adjustment", "at-most-one"), (card["indicator"]!.GetValue<string>(), Grade(card), card["selectionBehavior"]!.GetValue<string>()));
            var action = Assert.Single(Assert.Single(card["suggestions"]!.AsArray())!["actions"]!.AsArray())!;
            Assert.Equal(("delete", "ServiceRequest/m1"), (action["type"]!.GetValue<string>(), Assert.Single(action["resourceId"]!.AsArray())!.GetValue<string>()));
            Assert.NotEmpty(card["overrideReasons"]!.AsArray());
        }

        Assert.Empty(otherSelected);
        Assert.Empty(noManipulation);
    }

    [Fact]
    public async Task A_missing_prefetch_is_412_a_malformed_call_400_and_an_unknown_service_404()
    {
        var noPrefetch = await _client.PostAsync(SpineSafety, Json(new JsonObject { ["hook"] = "patient-view", ["hookInstance"] = "h1", ["context"] = new JsonObject { ["patientId"] = "p1" } }));
        var wrongHook = await _client.PostAsync(SpineSafety, Json(Call("order-sign", null, null, null, null)));
        var notJson = await _client.PostAsync(SpineSafety, new StringContent("{nope", Encoding.UTF8, "application/json"));
        var unknown = await _client.PostAsync("/cds-services/no-such-service", Json(Call("patient-view", null, null, null, null)));

        await noPrefetch.ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        await wrongHook.ReadProblemAsync(HttpStatusCode.BadRequest);
        await notJson.ReadProblemAsync(HttpStatusCode.BadRequest);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_code_lists_are_the_rule_sets_own_and_a_reload_brings_a_changed_list()
    {
        using var files = new RuleFiles();
        var client = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path)).CreateClient();
        // Pyrexia of unknown origin: on no list as shipped.
        var record = Bundle(Condition("7520000"));
        var before = await CardsAsync(SpineSafety, "patient-view", record, client: client);

        files.Edit(f => f["lists"]!["fever"]!["snomed"]!.AsArray().Add("7520000"), ConditionCodes.File).Edit(f => f["version"] = "1.0.1");
        await RuleSetReloadTests.WaitForVersionAsync(client, "1.0.1");
        var after = Assert.Single(await CardsAsync(SpineSafety, "patient-view", record, client: client));

        Assert.Empty(before);
        Assert.Equal(["RF-SYSTEMIC"], RuleIds(after));
        Assert.Equal("BackCare rule set 1.0.1", after["source"]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feedback_is_counted_and_answered_200()
    {
        var feedback = new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["card"] = "c1", ["outcome"] = "overridden", ["outcomeTimestamp"] = "2026-12-01T12:00:00Z" }) };

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"{SpineSafety}/feedback", Json(feedback))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/cds-services/nothing/feedback", Json(feedback))).StatusCode);
    }

    private Task<List<JsonObject>> CardsAsync(
        string path, string hook, Bundle? conditions, JsonObject? screening = null, Bundle? drafts = null, string[]? selections = null, HttpClient? client = null) =>
        CardsAsync(path, Call(hook, conditions, screening, drafts, selections), client);

    private async Task<List<JsonObject>> CardsAsync(string path, JsonObject call, HttpClient? client = null)
    {
        var answer = await ReadAsync(await (client ?? _client).PostAsync(path, Json(call)));
        AssertNoEmptyMember(answer);
        var cards = answer["cards"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.All(cards, c => Assert.InRange(c["summary"]!.GetValue<string>().Length, 1, 140));
        return cards;
    }

    private static JsonObject Call(string hook, Bundle? conditions, JsonObject? screening, Bundle? drafts, string[]? selections)
    {
        var context = new JsonObject { ["userId"] = "Practitioner/1", ["patientId"] = "p1" };
        if (drafts is not null)
        {
            context["draftOrders"] = JsonNode.Parse(FhirJson.Serialize(drafts));
        }

        if (selections is not null)
        {
            context["selections"] = new JsonArray([.. selections.Select(s => (JsonNode)s)]);
        }

        var response = screening is null ? null : FhirCalls.ToQuestionnaireResponse(screening);
        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context,
            ["prefetch"] = new JsonObject
            {
                ["conditions"] = conditions is null ? null : JsonNode.Parse(FhirJson.Serialize(conditions)),
                ["screening"] = response is null ? null : JsonNode.Parse(FhirJson.Serialize(Bundle(response))),
            },
        };
    }

    internal static Bundle Bundle(params Resource[] resources) => new()
    {
        Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset,
        Entry = [.. resources.Select(r => new Hl7.Fhir.Model.Bundle.EntryComponent { Resource = r })],
    };

    internal static Condition Condition(string snomed, string clinical = "active") => new()
    {
        Code = new CodeableConcept("http://snomed.info/sct", snomed),
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical),
        Subject = new ResourceReference("Patient/p1"),
    };

    private static ServiceRequest Order(string id, string system, string code) => new()
    {
        Id = id,
        Status = RequestStatus.Draft,
        Intent = RequestIntent.Order,
        Code = new CodeableConcept(system, code),
        Subject = new ResourceReference("Patient/p1"),
    };

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Grade(JsonObject card) => card["extension"]!["org.backcare"]!["grade"]!.GetValue<string>();

    private static bool Screened(JsonObject card) => card["extension"]!["org.backcare"]!["screened"]!.GetValue<bool>();

    private static List<string> RuleIds(JsonObject card) =>
        card["extension"]!["org.backcare"]!["ruleIds"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];

    /// <summary>No member anywhere is null, "", [] or {}, except the answer's own <c>cards: []</c>.</summary>
    private static void AssertNoEmptyMember(JsonNode node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var at = $"{path}.{key}";
                    Assert.True(value is not null, $"{at} is null.");
                    Assert.False(value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0, $"{at} is \"\".");
                    Assert.False(value is JsonArray { Count: 0 } && at != "$.cards", $"{at} is [].");
                    Assert.False(value is JsonObject { Count: 0 }, $"{at} is {{}}.");
                    AssertNoEmptyMember(value!, at);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Assert.True(a[i] is not null, $"{path}[{i}] is null.");
                    AssertNoEmptyMember(a[i]!, $"{path}[{i}]");
                }

                break;
        }
    }
}
