using BackCare.Api.Exercises;
using BackCare.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddSingleton(ExerciseCatalogue.Default);

var app = builder.Build();

app.UseServiceDefaults();
app.MapExercises();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
