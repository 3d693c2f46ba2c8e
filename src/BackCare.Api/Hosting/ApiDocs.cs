using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.Hosting;

/// <summary>The OpenAPI 3.1 document and Swagger UI. Served in every environment unless <c>Docs:Enabled</c> is false.</summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string Title = "BackCare triage API";

    /// <summary>The document, with the problems every operation can answer and the security its endpoints require; the API's own shapes are added by its contract.</summary>
    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiProblems.Secure(operation, context);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiProblems.Complete(document);
                return Task.CompletedTask;
            });
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
    public static RouteHandlerBuilder WithJsonObjectResponse(this RouteHandlerBuilder builder, int status, string description, string schemaDescription,
        string contentType = "application/json") =>
        builder.Produces(status, responseType: null, contentType: contentType).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [contentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = schemaDescription } },
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
}
