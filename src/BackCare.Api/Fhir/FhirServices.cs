using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;
using BackCare.Rules;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Task = System.Threading.Tasks.Task;

namespace BackCare.Api.Fhir;

public static class FhirServices
{
    public static IServiceCollection AddFhir(this IServiceCollection services)
    {
        services.AddSingleton<FhirSettings>();
        services.AddSingleton<FhirQuestionnaires>();
        services.AddSingleton<FhirTriage>();
        services.AddHostedService<FhirWarmUp>();
        return services;
    }

    /// <summary>A FHIR resource as the response, described in words: its schema is the FHIR specification's, not one of this document's.</summary>
    public static RouteHandlerBuilder WithFhirResponse(this RouteHandlerBuilder builder, int status, string description, string resourceType) =>
        builder.WithJsonObjectResponse(status, description, Described(resourceType), FhirJson.MediaType);

    /// <summary>The request body is a FHIR resource, as application/fhir+json or application/json.</summary>
    public static RouteHandlerBuilder WithFhirRequest(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = description,
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [FhirJson.MediaType] = new() { Schema = Resource("QuestionnaireResponse") },
                    ["application/json"] = new() { Schema = Resource("QuestionnaireResponse") },
                },
            };
            return Task.CompletedTask;
        });

    private static OpenApiSchema Resource(string type) => new() { Type = JsonSchemaType.Object, Description = Described(type) };

    private static string Described(string type) => $"A FHIR R4 {type} (https://hl7.org/fhir/R4/{type.ToLowerInvariant()}.html).";
}

/// <summary>The screening Questionnaire of the rule set in force, built once per rule set.</summary>
public sealed class FhirQuestionnaires(RuleSetProvider rules, FhirSettings settings)
{
    // One reference, swapped whole, so that a reader never sees one rule set's questionnaire paired with another's.
    private volatile Built? _built;

    public ScreeningQuestionnaire? Current
    {
        get
        {
            if (rules.Current is not { } ruleSet)
            {
                return null;
            }

            if (_built is { } built && ReferenceEquals(built.RuleSet, ruleSet))
            {
                return built.Questionnaire;
            }

            var questionnaire = new ScreeningQuestionnaire(Assessments.Questionnaire.Build(ruleSet.Rules.Select(r => (r.Id, r.Questions))), ruleSet.Version, settings);
            _built = new Built(ruleSet, questionnaire);
            return questionnaire;
        }
    }

    private sealed record Built(RuleSet RuleSet, ScreeningQuestionnaire Questionnaire);
}

/// <summary>
/// Firely's serializers build their model on first use, which takes about a second: done at start-up, before the server listens,
/// so that no partner's first call pays for it.
/// </summary>
internal sealed class FhirWarmUp(FhirSettings settings) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var response = new QuestionnaireResponse
        {
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Item = [new QuestionnaireResponse.ItemComponent { LinkId = "pain.durationDays", Answer = [new() { Value = new Integer(1) }] }],
        };
        FhirJson.Deserialize(FhirJson.Serialize(response));
        FhirJson.Serialize(FhirDefinitions.Triage(settings));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
