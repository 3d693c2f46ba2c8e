using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BackCare.Api.CdsHooks;

/// <summary>One service as discovery lists it (CDS Hooks 2.0, "Discovery").</summary>
public sealed record CdsService(string Hook, string Id, string Title, string Description, IReadOnlyDictionary<string, string> Prefetch, string UsageRequirements);

public sealed record CdsDiscovery(IReadOnlyList<CdsService> Services);

/// <summary>A call to a service (CDS Hooks 2.0, "Calling a CDS Service"). Context and prefetch stay JSON: their FHIR content is read by Firely's SDK.</summary>
public sealed record CdsRequest(
    string? Hook,
    string? HookInstance,
    string? FhirServer,
    JsonObject? FhirAuthorization,
    JsonObject? Context,
    JsonObject? Prefetch,
    JsonObject? Extension);

public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards);

/// <summary>A card. Members that would be empty are left out: no answer carries null, "", [] or {} but an empty <c>cards</c>.</summary>
public sealed record CdsCard(
    string Summary,
    string Indicator,
    CdsSource Source,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CdsSuggestion>? Suggestions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SelectionBehavior,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CdsCoding>? OverrideReasons,
    [property: JsonPropertyName("extension")] CardExtension Extension);

public sealed record CdsSource(string Label);

public sealed record CdsSuggestion(string Label, bool IsRecommended, IReadOnlyList<CdsAction> Actions);

public sealed record CdsAction(string Type, string Description, IReadOnlyList<string> ResourceId);

public sealed record CdsCoding(string Code, string System, string Display);

/// <summary>What a partner's software can act on without reading the card's text.</summary>
public sealed record CardExtension([property: JsonPropertyName("org.backcare")] BackCareExtension BackCare);

public sealed record BackCareExtension(
    string Grade,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RuleIds,
    bool Screened);

/// <summary>Feedback on a card (CDS Hooks 2.0, "Feedback").</summary>
public sealed record CdsFeedbackRequest(IReadOnlyList<CdsFeedback>? Feedback);

public sealed record CdsFeedback(string? Card, string? Outcome, DateTimeOffset? OutcomeTimestamp);
