using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.Contract;

/// <summary>
/// BackCare's wire contract: how its types are read and written as JSON, and how the OpenAPI document describes them (named
/// enums, callers' descriptions, the request shaped by its validator, a worked example computed from the rule set).
/// </summary>
public static class ContractServices
{
    public static IServiceCollection AddContract(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => Json.Configure(options.SerializerOptions));
        services.AddSingleton<IRequestBodyPaths, QuestionnairePaths>();
        services.Configure<OpenApiOptions>(ApiDocs.DocumentName, options =>
        {
            options.AddSchemaTransformer(OpenApiSchemas.DescribeEnum);
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                OpenApiSchemas.Complete(document);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(AssessmentExamples.AddAsync);
            options.AddDocumentTransformer(AssessmentBatchExamples.AddAsync);
        });
        return services;
    }

    /// <summary>What the document says of the API as a whole: what it is for, its errors, its keys, its tags.</summary>
    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = ApiDocs.Title,
            Version = "v1",
            Description =
                "BackCare tells an app whether it is safe to show a person how to self-mobilise (\"pop\") their back.\n\n" +
                "An app asks the screening questions (`GET /v1/questions`) and posts the answers to `POST /v1/assessments`; a partner screening a whole " +
                "intake list posts up to 1000 people's answers at once to `POST /v1/assessments/batch`. " +
                "BackCare grades them against a declarative rule set of red flags, contraindications and cautions drawn from one source article, " +
                "from `emergency` through `urgent`, `consult`, `avoid_self_adjustment` and `caution` to `self_care`; it cites the sentence behind every rule " +
                "that fired and lists the exercises that stay safe (`GET /v1/exercises`). `GET /v1/rules` publishes every rule with its evidence.\n\n" +
                "BackCare is not a diagnosis and does not replace a physical therapist, chiropractor or doctor: it only tells whether gentle " +
                "self-mobilisation is reasonable and when to seek care instead. A person's answers are never logged or stored.\n\n" +
                "Every error is an RFC 9457 problem (`application/problem+json`) with `type`, `title`, `status` and `detail`; a 400 adds `errors`, " +
                $"keyed by the JSON path of each offending field. Deployments that issue API keys expect one in the `{ApiKeys.HeaderName}` header and limit " +
                "how often each client may call; a local run needs no key.",
            Contact = new OpenApiContact { Name = "BackCare API team" },
            License = new OpenApiLicense { Name = "Proprietary: all rights reserved" },
        };
        // Relative, so the committed document and Swagger UI work against whichever host serves them.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Assessments", Description = "The screening questionnaire, and the graded recommendation for a person's answers, one person at a time or a list of up to 1000 in one call." },
            new() { Name = "Exercises", Description = "The four self-mobilisation exercises of the source article, with their steps, holds, equipment and cautions." },
            new() { Name = "Rules", Description = "The rule catalogue: every red flag, contraindication and caution, with the sentence of the article it encodes." },
            new() { Name = "CDS Hooks", Description = "CDS Hooks 2.0 services an EHR calls on patient-view, order-select and order-sign: cards graded by the same rule set." },
            new() { Name = "FHIR", Description = "The screening as an HL7 FHIR R4 Questionnaire, and $triage, which grades a QuestionnaireResponse as POST /v1/assessments grades the same answers." },
        };
    }
}

/// <summary>The paths of the assessment request, for the problems that name a misspelt, repeated or mistyped property.</summary>
internal sealed class QuestionnairePaths : IRequestBodyPaths
{
    /// <summary>Every JSON path of the request: its groups of answers and each answer.</summary>
    private static readonly HashSet<string> Known = [.. Questionnaire.Ids, .. Questionnaire.Ids.Select(id => Questionnaire.Split(id).Group)];

    public bool Contains(string path) => Known.Contains(path);

    public string Expectation(string path) => Questionnaire.Expectation(path);
}
