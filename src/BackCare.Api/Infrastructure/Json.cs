using System.Text.Json;
using System.Text.Json.Serialization;
using BackCare.Api.Assessments;
using BackCare.Api.Exercises;
using BackCare.Api.Rules;

namespace BackCare.Api.Infrastructure;

/// <summary>Source-generated serialization for every request and response type: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IReadOnlyList<Exercise>))]
[JsonSerializable(typeof(Exercise))]
[JsonSerializable(typeof(AssessmentRequest))]
[JsonSerializable(typeof(AssessmentResponse))]
[JsonSerializable(typeof(IReadOnlyList<Question>))]
[JsonSerializable(typeof(IReadOnlyList<RuleDefinition>))]
[JsonSerializable(typeof(RuleDefinition))]
internal sealed partial class BackCareJsonContext : JsonSerializerContext;

public static class Json
{
    /// <summary>The request is three levels deep; anything much deeper is not a BackCare request.</summary>
    public const int MaxDepth = 8;

    /// <summary>camelCase, snake_case enums, and a 400 for any property the API does not know (a typo is never dropped silently) or that appears twice.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, BackCareJsonContext.Default);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict; // "4" is a string, not a number of days.
        options.MaxDepth = MaxDepth;
    }
}
