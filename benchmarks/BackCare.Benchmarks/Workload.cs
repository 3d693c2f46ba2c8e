using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Api.Contract;
using BackCare.Api.Hosting;
using BackCare.Domain;
using BackCare.Rules;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;

namespace BackCare.Benchmarks;

/// <summary>The representative requests (Requests/*.json, also the body of benchmarks/load.sh) and the app's own pieces to run them.</summary>
public static class Workload
{
    /// <summary>Nothing fires; a caution with a region and a disc (one pass, exercises filtered); an unsure answer (two passes); an emergency.</summary>
    public static IEnumerable<string> Names { get; } = ["nothing-fires", "caution-region-disc", "unsure-answer", "emergency"];

    /// <summary>The serializer options the app binds and writes with: ASP.NET Core's defaults, then <see cref="Json.Configure"/>.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = AppJsonOptions();

    /// <summary>The app's writer of the 200 answer, on those options.</summary>
    public static AssessmentJson AnswerWriter { get; } = new(JsonOptions);

    public static IValidator<AssessmentRequest> Validator { get; } = new AssessmentValidator();

    public static byte[] Body(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Requests", name + ".json"));

    public static AssessmentRequest Request(string name) =>
        JsonSerializer.Deserialize<AssessmentRequest>(Body(name), JsonOptions) ?? throw new InvalidOperationException($"{name} is empty.");

    /// <summary>Loads, validates, compiles and probes rules/*.json exactly as the app does at start-up.</summary>
    public static Task<RuleSet> LoadRuleSetAsync() => RuleSetLoader.LoadAsync(Path.Combine(AppContext.BaseDirectory, "rules"));

    private static JsonSerializerOptions AppJsonOptions()
    {
        var options = new JsonOptions().SerializerOptions;
        Json.Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
