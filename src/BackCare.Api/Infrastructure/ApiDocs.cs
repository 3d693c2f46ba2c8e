using BackCare.Api.Assessments;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.Infrastructure;

/// <summary>The OpenAPI 3.1 document and Swagger UI. Served in every environment unless <c>Docs:Enabled</c> is false.</summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string Title = "BackCare triage API";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddSchemaTransformer(OpenApiSchemas.DescribeEnum);
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiProblems.Secure(operation, context);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiSchemas.Complete(document);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiProblems.Complete(document);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(AssessmentExamples.AddAsync);
        });

    private static bool Enabled(WebApplication app) => app.Configuration.GetValue("Docs:Enabled", true);

    /// <summary>Swagger UI's static pages, served before authentication: partners' browsers need no key to read the docs.</summary>
    public static WebApplication UseSwaggerUi(this WebApplication app)
    {
        if (Enabled(app))
        {
            app.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint(DocumentPath, $"{Title} v1");
                options.RoutePrefix = "swagger";
                options.DocumentTitle = Title;
                options.DisplayOperationId();
                options.DisplayRequestDuration();
                options.EnableDeepLinking();
                options.DefaultModelsExpandDepth(0);
            });
        }

        return app;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        if (Enabled(app))
        {
            app.MapOpenApi(DocumentPath).AllowAnonymous().DisableRateLimiting();
            app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }

    /// <summary>Overrides the description of one response of an endpoint, where the generic one for its status says too little.</summary>
    public static RouteHandlerBuilder WithResponseDescription(this RouteHandlerBuilder builder, int status, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// A response that is a JSON object described in words rather than by a schema of its own: a document that is read as bytes
    /// (hashed, say), and deeper than the schema generator writes.
    /// </summary>
    public static RouteHandlerBuilder WithJsonObjectResponse(this RouteHandlerBuilder builder, int status, string description, string schemaDescription) =>
        builder.Produces(status, responseType: null, contentType: "application/json").AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = schemaDescription } },
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>Describes a path or query parameter and gives Swagger UI's "Try it out" a value to start from.</summary>
    public static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, string name, string description, string example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name) is { } parameter)
            {
                parameter.Description = description;
                parameter.Example = example;
            }

            return Task.CompletedTask;
        });

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = Title,
            Version = "v1",
            Description =
                "BackCare tells an app whether it is safe to show a person how to self-mobilise (\"pop\") their back.\n\n" +
                "An app asks the screening questions (`GET /v1/questions`) and posts the answers to `POST /v1/assessments`. " +
                "BackCare grades them against a declarative rule set of red flags, contraindications and cautions drawn from one source article, " +
                "from `emergency` through `urgent`, `consult`, `avoid_self_adjustment` and `caution` to `self_care`; it cites the sentence behind every rule " +
                "that fired and lists the exercises that stay safe (`GET /v1/exercises`). `GET /v1/rules` publishes every rule with its evidence.\n\n" +
                "BackCare is not a diagnosis and does not replace a physical therapist, chiropractor or doctor: it only tells whether gentle " +
                "self-mobilisation is reasonable and when to seek care instead. A person's answers are never logged or stored.\n\n" +
                "Every error is an RFC 9457 problem (`application/problem+json`) with `type`, `title`, `status` and `detail`; a 400 adds `errors`, " +
                "keyed by the JSON path of each offending field. Deployments that issue API keys expect one in the `X-Api-Key` header and limit " +
                "how often each client may call; a local run needs no key.",
            Contact = new OpenApiContact { Name = "BackCare API team" },
            License = new OpenApiLicense { Name = "Proprietary: all rights reserved" },
        };
        // Relative, so the committed document and Swagger UI work against whichever host serves them.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Assessments", Description = "The screening questionnaire, and the graded recommendation for a person's answers." },
            new() { Name = "Exercises", Description = "The four self-mobilisation exercises of the source article, with their steps, holds, equipment and cautions." },
            new() { Name = "Rules", Description = "The rule catalogue: every red flag, contraindication and caution, with the sentence of the article it encodes." },
        };
    }
}
