using BackCare.Domain;
using BackCare.Rules;
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

    /// <summary>Exact camelCase names, exact snake_case enums, and a 400 for any property the API does not know (a typo is never dropped silently) or that appears twice.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, BackCareJsonContext.Default);
        options.Converters.Add(new StrictEnumConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.PropertyNameCaseInsensitive = false; // The web defaults fold case; the document names camelCase properties only.
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict; // "4" is a string, not a number of days.
        options.MaxDepth = MaxDepth;
    }
}

/// <summary>
/// Enums as their exact snake_case names: no case folding, no numbers, no comma-joined flags ("no, yes" is not an answer).
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, JsonEncodedText> Names =
            Enum.GetValues<T>().ToDictionary(v => v, v => JsonEncodedText.Encode(SnakeCaseEnum<T>.NameOf(v)));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && SnakeCaseEnum<T>.TryParse(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"The JSON value could not be converted to {typeof(T).Name}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names[value]);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Names[value]);
    }
}
