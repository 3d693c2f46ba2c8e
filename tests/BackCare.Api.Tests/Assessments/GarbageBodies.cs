using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace BackCare.Api.Tests.Assessments;

/// <summary>A request body a careless or hostile client might send, with the kind of damage done to it, for the fuzz report.</summary>
public sealed record GarbageBody(string Kind, byte[] Body, string? ContentType)
{
    public override string ToString() =>
        $"{Kind} ({ContentType ?? "no content type"}, {Body.Length} bytes): {Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)))}";
}

/// <summary>Generators of broken assessment bodies: random bytes, and valid answers damaged in every way the issue lists.</summary>
public static class GarbageBodies
{
    private const string Hole = "@@HOLE@@";

    /// <summary>Raw JSON-ish text put in place of a value: wrong types, nulls, numbers out of every range, broken tokens.</summary>
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e2", "1e400", "-1e400", "123456789012345678901234567890", "2147483648",
        "-2147483649", "NaN", "Infinity", "0x10", "+1", "\"\"", "\"YES\"", "\"yes \"", "\"22\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\x\"",
        "[]", "{}", "[null]", "[\"yes\"]", "{\"a\":1}", "[[[[[[[[[[[[1]]]]]]]]]]]]", "{\"x\":{\"y\":{\"z\":{\"w\":{\"v\":{}}}}}}", "",
        "\"unterminated", "'yes'", "yes", "nul", "tru", "\"" + new string('a', 20000) + "\"", new string('9', 5000),
    ];

    /// <summary>Fragments spliced into a valid body at a random byte.</summary>
    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", ",,", "//", "/*", "\0", "\u00ff", "\ufeff", "1e999", "{\"a\":"];

    /// <summary>Byte sequences that are not UTF-8: a stray continuation, a truncated pair, an overlong slash, an encoded surrogate, 0xFF.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=nonsense",
        "application/json; charset=\"utf-8\"", "application/json;;", "application/problem+json", "application/merge-patch+json", "*/*", "application/",
    ];

    private static readonly Gen<byte[]> ValidJson = Respondents.Valid.Select(p => Encoding.UTF8.GetBytes(p.ToJson().ToJsonString()));

    private static readonly Gen<GarbageBody> RandomBytes =
        Gen.Byte.Array[0, 3000].Select(b => new GarbageBody("random bytes", b, "application/json"));

    private static readonly Gen<GarbageBody> Truncated =
        from body in ValidJson
        from cut in Gen.Int[0, body.Length - 1]
        select new GarbageBody("truncated JSON", body[..cut], "application/json");

    private static readonly Gen<GarbageBody> Flipped =
        from body in ValidJson
        from flips in Gen.Select(Gen.Int[0, body.Length - 1], Gen.Byte).Array[1, 6]
        select new GarbageBody("flipped bytes", Flip(body, flips), "application/json");

    private static readonly Gen<GarbageBody> Spliced =
        from body in ValidJson
        from at in Gen.Int[0, body.Length]
        from token in Gen.OneOf(Tokens)
        select new GarbageBody("spliced token", [.. body[..at], .. Encoding.UTF8.GetBytes(token), .. body[at..]], "application/json");

    /// <summary>Every node of the request (the body, each section, each answer) replaced in turn by a wrong value: nulls and wrong types at every level.</summary>
    private static readonly Gen<GarbageBody> WrongValue =
        from person in Respondents.Valid
        let json = person.ToJson()
        from path in Gen.OneOf(Paths(json))
        from value in Gen.OneOf(Values)
        select new GarbageBody($"wrong value at '{(path.Length == 0 ? "$" : path)}': {(value.Length > 40 ? value[..40] + "..." : value)}", Encoding.UTF8.GetBytes(Replace(json, path, value)), "application/json");

    private static readonly Gen<GarbageBody> DuplicateKey =
        from person in Respondents.Valid
        from section in Gen.OneOf("redFlags", "conditions")
        from leaf in Gen.OneOf(section == "redFlags" ? Respondent.RedFlagNames : Respondent.ConditionNames)
        from value in Gen.OneOf("\"yes\"", "\"no\"", "null")
        from atRoot in Gen.Bool
        let text = person.ToJson().ToJsonString()
        select new GarbageBody(atRoot ? "duplicate section" : "duplicate answer", Encoding.UTF8.GetBytes(atRoot
            ? "{\"pain\":{\"durationDays\":1}," + text[1..]
            : text.Replace($"\"{section}\":{{", $"\"{section}\":{{\"{leaf}\":{value},", StringComparison.Ordinal)), "application/json");

    private static readonly Gen<GarbageBody> Nested =
        from depth in Gen.OneOf(9, 64, 1000, 16000, 100_000)
        from open in Gen.OneOf("[", "{\"a\":", "{\"redFlags\":[")
        from closed in Gen.Bool
        select new GarbageBody($"{depth} x '{open}'", Encoding.UTF8.GetBytes(
            string.Concat(Enumerable.Repeat(open, depth)) + (closed ? "1" + new string(open[0] == '[' ? ']' : '}', depth) : "")), "application/json");

    private static readonly Gen<GarbageBody> NotUtf8 =
        from person in Respondents.Valid
        from bad in Gen.OneOf(InvalidUtf8)
        from anchor in Gen.OneOf("\"no\"", "\"yes\"", "\"unsure\"", "{")
        let text = person.ToJson().ToJsonString()
        let at = Math.Max(0, text.IndexOf(anchor, StringComparison.Ordinal)) + 1
        let bytes = Encoding.UTF8.GetBytes(text)
        select new GarbageBody("invalid UTF-8", [.. bytes[..at], .. bad, .. bytes[at..]], "application/json");

    private static readonly Gen<GarbageBody> WrongContentType =
        from body in ValidJson
        from type in Gen.OneOf(ContentTypes)
        select new GarbageBody($"content type '{type ?? "none"}'", body, type);

    public static readonly Gen<GarbageBody> Any = Gen.Frequency<GarbageBody>(
        (2, RandomBytes), (2, Truncated), (2, Flipped), (2, Spliced), (4, WrongValue),
        (1, DuplicateKey), (1, Nested), (1, NotUtf8), (1, WrongContentType));

    private static byte[] Flip(byte[] body, (int At, byte Value)[] flips)
    {
        var copy = (byte[])body.Clone();
        foreach (var (at, value) in flips)
        {
            copy[at] = value;
        }

        return copy;
    }

    private static string[] Paths(JsonObject json) =>
        ["", .. json.Select(g => g.Key), .. json.SelectMany(g => g.Value!.AsObject().Select(l => $"{g.Key}.{l.Key}"))];

    private static string Replace(JsonObject json, string path, string raw)
    {
        if (path.Length == 0)
        {
            return raw;
        }

        var copy = json.DeepClone().AsObject();
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            copy[path] = Hole;
        }
        else
        {
            copy[path[..dot]]![path[(dot + 1)..]] = Hole;
        }

        return copy.ToJsonString().Replace($"\"{Hole}\"", raw, StringComparison.Ordinal);
    }
}
