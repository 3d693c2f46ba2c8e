using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackCare.Domain;
using BackCare.Rules;
using BackCare.Api.Assessments;
using BackCare.Api.Exercises;
using BackCare.Api.Rules;
using BackCare.Api.Hosting;

namespace BackCare.Api.Contract;

/// <summary>Source-generated serialization for every request and response type: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IReadOnlyList<Exercise>))]
[JsonSerializable(typeof(Exercise))]
[JsonSerializable(typeof(AssessmentRequest))]
[JsonSerializable(typeof(AssessmentResponse))]
[JsonSerializable(typeof(IReadOnlyList<AssessmentRequest>))]
[JsonSerializable(typeof(AssessmentBatchResponse))]
[JsonSerializable(typeof(AssessmentBatchHeader))]
[JsonSerializable(typeof(IReadOnlyList<Question>))]
[JsonSerializable(typeof(IReadOnlyList<RuleDefinition>))]
[JsonSerializable(typeof(RuleDefinition))]
internal sealed partial class BackCareJsonContext : JsonSerializerContext;

public static class Json
{
    /// <summary>
    /// The request is three levels deep; anything much deeper is not a BackCare request. The same setting bounds the depth of the
    /// schemas the OpenAPI generator writes, by its own count (each property, array and polymorphic branch a level): the batch
    /// answer, results → item → assessment → findings → source, is 14 of them.
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>Exact camelCase names, exact snake_case enums, and a 400 for any property the API does not know (a typo is never dropped silently) or that appears twice.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, BackCareJsonContext.Default.WithAddedModifier(NullIsNoAnswer));
        options.Converters.Add(new StrictEnumConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.PropertyNameCaseInsensitive = false; // The web defaults fold case; the document names camelCase properties only.
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict; // "4" is a string, not a number of days.
        options.MaxDepth = MaxDepth;
    }

    /// <summary>The request's types: an answer or a group of answers is given or left out, never null.</summary>
    private static readonly HashSet<Type> RequestTypes = [.. typeof(AssessmentRequest).GetProperties().Select(p => p.PropertyType), typeof(AssessmentRequest)];

    /// <summary>
    /// A JSON <c>null</c> in the request is an error at its path, as a wrong type is: read as omitted it would be graded as "no", and
    /// the document does not allow it. Left out, an optional answer is still optional.
    /// </summary>
    private static void NullIsNoAnswer(JsonTypeInfo type)
    {
        if (RequestTypes.Contains(type.Type))
        {
            foreach (var property in type.Properties)
            {
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(NotNull<>).MakeGenericType(property.PropertyType), property.Name)!;
            }
        }
    }

    /// <summary>
    /// Reads the value of one request property as the serializer would, but a JSON <c>null</c> is an error rather than "not given".
    /// An answer is read by its own converter; a group of answers starts a path of its own, so errors inside it are given back the
    /// path from the request's root.
    /// </summary>
    private sealed class NotNull<T>(string name) : JsonConverter<T>
    {
        private JsonConverter<T>? _answer;

        public override bool HandleNull => true;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var isAnswer = typeof(T).IsValueType;
            if (reader.TokenType == JsonTokenType.Null || (!isAnswer && reader.TokenType != JsonTokenType.StartObject))
            {
                throw new WrongValueException($"'{name}' is not of type {Nullable.GetUnderlyingType(typeof(T))?.Name ?? typeof(T).Name}.");
            }

            if (isAnswer)
            {
                try
                {
                    return (_answer ??= (JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeToConvert, options)!;
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    // The serializer's number reader: a string, a fraction or a number out of range where a whole number belongs.
                    throw new WrongValueException($"'{name}' is not of type {Nullable.GetUnderlyingType(typeof(T))!.Name}.", inner: e);
                }
            }

            try
            {
                return JsonSerializer.Deserialize<T>(ref reader, options)!;
            }
            catch (JsonException e)
            {
                // Read on a path of its own: the error is given back the path from the request's root, and keeps what kind it is.
                var path = $"$.{name}{(e.Path is { Length: > 1 } inner ? inner[1..] : "")}";
                throw e is WrongValueException
                    ? new WrongValueException(e.Message, path, e)
                    : new JsonException(e.Message, path, e.LineNumber, e.BytePositionInLine, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value, options);
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
                : throw new WrongValueException($"The JSON value is not of type {typeof(T).Name}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names[value]);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Names[value]);
    }
}
