namespace BackCare.Api.Infrastructure;

/// <summary>The OpenAPI 3.1 document and Swagger UI. Served in every environment unless <c>Docs:Enabled</c> is false.</summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "BackCare triage API";
                document.Info.Version = "v1";
                document.Info.Description =
                    "BackCare tells an app whether it is safe to show a person how to self-mobilise (\"pop\") their back. " +
                    "It grades a person's answers against a declarative rule set of red flags and contraindications drawn from " +
                    "one source article, from `emergency` to `self_care`, cites the sentence behind every rule that fired, and lists the exercises that stay safe. " +
                    "It is not a diagnosis and does not replace a physical therapist, chiropractor or doctor. Answers are never logged or stored.";
                document.Servers = [];
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Docs:Enabled", true))
        {
            return app;
        }

        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath, "BackCare triage API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "BackCare triage API";
        });
        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}
