using System.Collections.Frozen;
using System.Text.Json;

namespace BackCare.Domain;

/// <summary>The snake_case wire names of an enum, as the JSON serializer writes them, for strict parsing of query values.</summary>
public static class SnakeCaseEnum<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(NameOf, StringComparer.Ordinal);

    /// <summary>The accepted values, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<T>().Select(NameOf).ToArray();

    public static string NameOf(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse(string? text, out T value) => ByName.TryGetValue(text ?? "", out value);
}
