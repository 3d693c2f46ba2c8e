using BackCare.Api.Assessments;
using BackCare.Api.Infrastructure;
using Microsoft.AspNetCore.Http.Json;

namespace BackCare.BareEndpoint;

/// <summary>
/// The yardstick of benchmarks/load.sh, not part of the product: POST /v1/assessments binds the same request JSON with
/// BackCare's own options and writes a canned answer (a real BackCare response, read from <c>Canned:Response</c>) of the same size.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.Configure<JsonOptions>(options => Json.Configure(options.SerializerOptions));

        var path = builder.Configuration["Canned:Response"]
            ?? throw new InvalidOperationException("Set Canned:Response to a file holding the response body to write.");
        var canned = File.ReadAllBytes(path);

        var app = builder.Build();
        app.MapPost("/v1/assessments", (AssessmentRequest request, HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return TypedResults.Bytes(canned, "application/json; charset=utf-8");
        });
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.Run();
    }
}
