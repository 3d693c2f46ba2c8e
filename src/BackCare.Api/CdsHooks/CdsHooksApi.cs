using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Api.Fhir;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using BackCare.Rules;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.CdsHooks;

/// <summary>CDS Hooks 2.0 on <c>/cds-services</c> (integration-v1, section 2): discovery, the two services and feedback.</summary>
public static class CdsHooksApi
{
    public const string SpineSafety = "backcare-spine-safety";
    public const string ManipulationCheck = "backcare-manipulation-check";

    /// <summary>The codes of a spinal manipulation order: SNOMED CT chiropractic manipulation, and the CPT codes of chiropractic manipulative treatment.</summary>
    private static readonly (string System, string Code)[] ManipulationCodes =
        [("http://snomed.info/sct", "46947000"), ("http://www.ama-assn.org/go/cpt", "98940"), ("http://www.ama-assn.org/go/cpt", "98941"), ("http://www.ama-assn.org/go/cpt", "98942")];

    public static WebApplicationBuilder AddCdsHooks(this WebApplicationBuilder builder)
    {
        builder.AddCdsTrust();
        var services = builder.Services;
        CdsFetch.AddCdsFetch(services, builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton<CdsTriage>();
        services.AddSingleton<CdsFeedbackMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static RouteGroupBuilder MapCdsHooks(this RouteGroupBuilder cds)
    {
        var services = ((IEndpointRouteBuilder)cds).ServiceProvider;
        CdsTrust.Log(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CdsHooksApi)), services.GetRequiredService<CdsClients>());
        cds.WithTags("CDS Hooks").AddOpenApiOperationTransformer(CdsTrust.DescribeSecurity);
        cds.MapGet("", (FhirSettings settings) => TypedResults.Json(Discover(settings), CdsJson))
            .WithName("discoverCdsServices")
            .WithSummary("CDS Hooks discovery")
            .WithDescription("The services an EHR can call, with their hooks and prefetch templates.")
            .WithJsonObjectResponse(StatusCodes.Status200OK, "The services.", "CDS Hooks 2.0 discovery: `services`, each with `hook`, `id`, `title`, `description`, `prefetch` and `usageRequirements`.");
        cds.MapPost("/{id}", CallAsync)
            .WithName("callCdsService")
            .WithSummary("Call a CDS service")
            .WithDescription("Grades the prefetched screening QuestionnaireResponse and coded Conditions and answers the cards. Without a screening, red flags are " +
                             "not screened and no card says self-adjustment is safe.")
            .WithParameter("id", "The service id from discovery.", SpineSafety)
            .WithRequestSizeLimit(256 * 1024)
            .WithJsonObjectResponse(StatusCodes.Status200OK, "The cards; `cards` is empty when there is nothing to say.",
                "A CDS Hooks 2.0 response: `cards`, each with `summary`, `indicator`, `source`, `detail` and the `org.backcare` extension (`grade`, `ruleIds`, `screened`).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cds.MapPost("/{id}/feedback", FeedbackAsync)
            .WithName("sendCdsFeedback")
            .WithSummary("Feedback on a card")
            .WithDescription("Counts each outcome (accepted, overridden) in a metric; stores and logs nothing about the patient.")
            .WithParameter("id", "The service id from discovery.", SpineSafety)
            .WithRequestSizeLimit(64 * 1024)
            .Produces(StatusCodes.Status200OK)
            .WithResponseDescription(StatusCodes.Status200OK, "The feedback was counted.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cds;
    }

    public static CdsDiscovery Discover(FhirSettings settings)
    {
        var screeningUrl = settings.Canonical($"Questionnaire/{ScreeningQuestionnaire.Id}");
        var prefetch = new Dictionary<string, string>
        {
            ["conditions"] = "Condition?patient={{context.patientId}}",
            ["screening"] = $"QuestionnaireResponse?subject={{{{context.patientId}}}}&questionnaire={screeningUrl}&_sort=-authored&_count=1",
        };
        const string usage = "Prefetch the patient's Conditions and latest backcare-screening QuestionnaireResponse. Without a screening response, red flags are not screened.";
        return new CdsDiscovery(
        [
            new("patient-view", SpineSafety, "BackCare spine safety",
                "Whether it is safe to advise this patient to self-mobilise their back, from their screening answers and coded conditions.", prefetch, usage),
            new("order-select", ManipulationCheck, "BackCare spinal manipulation check",
                "Warns when a selected spinal manipulation order meets a contraindication or red flag.", prefetch, usage),
            new("order-sign", ManipulationCheck, "BackCare spinal manipulation check",
                "Warns when a drafted spinal manipulation order meets a contraindication or red flag.", prefetch, usage),
        ]);
    }

    /// <summary>CDS Hooks' own JSON: a call nests FHIR Bundles far deeper than a BackCare request, and may carry extensions.</summary>
    internal static readonly JsonSerializerOptions CdsJson = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 64,
        // Markdown in a card's detail reads as written: backticks and quote marks are not escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static async Task<T?> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, CdsJson, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static async Task<IResult> CallAsync(
        string id, HttpRequest http, FhirSettings settings, CdsTriage triage, CdsFetch fetch, RuleSetProvider rules)
    {
        var request = await ReadAsync<CdsRequest>(http);
        if (request is null)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, "The body is not a CDS Hooks request: a JSON object is required."));
        }

        var services = Discover(settings).Services.Where(s => s.Id == id).ToList();
        var hooks = services.Select(s => s.Hook).ToList();
        if (hooks.Count == 0)
        {
            return UnknownService(id);
        }

        if (request.Hook is not { } hook || !hooks.Contains(hook) || string.IsNullOrWhiteSpace(request.HookInstance)
            || request.Context?["patientId"] is not JsonValue patient || patient.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest,
                $"A call to '{id}' needs 'hook' ({string.Join(" or ", hooks)}), 'hookInstance' and 'context.patientId'."));
        }

        var prefetch = request.Prefetch ?? [];
        var missing = new[] { "conditions", "screening" }.Where(key => !CdsPrefetch.Fulfilled(prefetch, key)).ToList();
        if (missing.Count > 0 && await fetch.FillAsync(request, prefetch, missing, services[0].Prefetch, patient.GetValue<string>(), http.HttpContext.RequestAborted) is { } unfetched)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status412PreconditionFailed, unfetched));
        }

        if (rules.Current is not { } ruleSet)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status503ServiceUnavailable,
                "No valid rule set is loaded, so BackCare cannot assess. This is not a 'safe' answer; try again later."));
        }

        var assessment = triage.Assess(ruleSet,
            CdsPrefetch.Resources<Condition>(prefetch["conditions"]), CdsPrefetch.Resources<QuestionnaireResponse>(prefetch["screening"]));
        var orders = hook == "patient-view" ? null : ManipulationOrders(hook, request.Context!);
        var questionnaireUrl = settings.Canonical($"Questionnaire/{ScreeningQuestionnaire.Id}");
        CdsCard? card = assessment is null ? null
            : orders is null ? CdsCards.Assessment(assessment, ruleSet.Version, questionnaireUrl)
            : orders.Count > 0 && CdsCards.Indicator(assessment.Grade) != "info" ? CdsCards.Assessment(assessment, ruleSet.Version, questionnaireUrl, orders)
            : null;
        return TypedResults.Json(new CdsResponse(card is null ? [] : [card]), CdsJson);
    }

    private static ProblemHttpResult UnknownService(string id) =>
        TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound, $"There is no CDS service '{id}'. GET /cds-services lists them."));

    /// <summary>"ServiceRequest/{id}" of each spinal manipulation among the drafts (order-sign) or the selected drafts (order-select).</summary>
    private static List<string> ManipulationOrders(string hook, JsonObject context)
    {
        var drafts = CdsPrefetch.Resources<ServiceRequest>(context["draftOrders"]);
        var selections = context["selections"] is JsonArray selected ? selected.Select(s => s?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
        return
        [
            .. drafts
                .Where(order => order.Code?.Coding.Any(c => ManipulationCodes.Any(m => m.System == c.System && m.Code == c.Code)) == true)
                .Select(order => $"ServiceRequest/{order.Id}")
                .Where(reference => hook != "order-select" || selections.Contains(reference)),
        ];
    }

    public static async Task<IResult> FeedbackAsync(string id, HttpRequest http, FhirSettings settings, CdsFeedbackMetrics metrics)
    {
        var request = await ReadAsync<CdsFeedbackRequest>(http);
        if (Discover(settings).Services.All(s => s.Id != id))
        {
            return UnknownService(id);
        }

        if (request is null)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, "The body is not CDS Hooks feedback: a JSON object with 'feedback' is required."));
        }

        foreach (var feedback in request.Feedback ?? [])
        {
            metrics.Record(id, feedback.Outcome);
        }

        return TypedResults.Ok();
    }
}

/// <summary>How clinicians answered BackCare's cards, by service and outcome. Nothing about the patient.</summary>
public sealed class CdsFeedbackMetrics(IMeterFactory meters)
{
    public const string MeterName = "BackCare.CdsHooks";

    private readonly Counter<long> _feedback = meters.Create(MeterName).CreateCounter<long>("backcare.cds.feedback", "{feedback}", "Feedback on cards, by service and outcome.");

    public void Record(string service, string? outcome) =>
        _feedback.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("outcome", outcome is "accepted" or "overridden" ? outcome : "other"));
}
