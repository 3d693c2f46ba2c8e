using BackCare.Domain;
using BackCare.Api.Contract;
using BackCare.Api.Exercises;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Http.Json;

namespace BackCare.BareEndpoint;

/// <summary>
/// The yardstick of benchmarks/load.sh, not part of the product: POST /v1/assessments binds the same request JSON with
/// BackCare's own options and writes a canned answer (a real BackCare response, read from <c>Canned:Response</c>) of the
/// same size. With <c>Bare:Pipeline=product</c> (the default) it runs behind BackCare's own host setup (settings, server
/// limits, request log, security headers, routing, API keys, rate limits, problems), so that the A/B difference
/// is the triage itself: validation, the rule set, the answer. With <c>Bare:Pipeline=none</c> it is a plain minimal API.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var product = builder.Configuration["Bare:Pipeline"] != "none";
        if (product)
        {
            builder.AddServiceDefaults();
            builder.Services.AddContract();
            builder.AddTelemetry();
            builder.AddOperations();
            builder.Services.AddExercises();
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
            builder.Services.Configure<JsonOptions>(options => Json.Configure(options.SerializerOptions));
        }

        var path = builder.Configuration["Canned:Response"]
            ?? throw new InvalidOperationException("Set Canned:Response to a file holding the response body to write.");
        var canned = File.ReadAllBytes(path);

        var app = builder.Build();
        RouteGroupBuilder v1;
        if (product)
        {
            app.UseServiceDefaults();
            app.UseOperations();
            app.MapServiceDefaults();
            v1 = app.MapApi("/v1");
        }
        else
        {
            app.MapGet("/health/ready", () => TypedResults.Ok());
            v1 = app.MapGroup("/v1");
        }

        var endpoint = v1.MapPost("/assessments", (AssessmentRequest request, HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return TypedResults.Bytes(canned, "application/json; charset=utf-8");
        });
        if (product)
        {
            // BackCare's server takes no body but where an endpoint allows one.
            endpoint.WithRequestSizeLimit(BackCare.Api.Assessments.AssessmentsApi.MaxBodyBytes);
        }
        app.Run();
    }
}
