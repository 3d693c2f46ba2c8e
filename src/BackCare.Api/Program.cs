using BackCare.Api.Assessments;
using BackCare.Api.CdsHooks;
using BackCare.Api.Contract;
using BackCare.Api.Exercises;
using BackCare.Api.Fhir;
using BackCare.Api.Hosting;
using BackCare.Api.Rules;

// Settings and data are found beside the app, whatever directory it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults();
builder.Services.AddContract();
builder.AddTelemetry(TriageMetrics.MeterName, CdsFeedbackMetrics.MeterName, RedisBuckets.MeterName);
builder.AddOperations();
builder.Services.AddExercises();
builder.Services.AddRuleSet();
builder.Services.AddAssessments();
builder.Services.AddFhir();
builder.AddCdsHooks();

var app = builder.Build();

app.UseServiceDefaults();
app.UseOperations();
app.MapServiceDefaults();

var v1 = app.MapApi("/v1");
v1.MapExercises();
v1.MapAssessments();
v1.MapRules();
app.MapApi("/fhir").MapFhir();
app.MapApi("/cds-services", CdsTrust.Policy).MapCdsHooks();

return app.RunOrExplain();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
