using System.Text;
using System.Text.Json;
using BackCare.Domain;

namespace BackCare.Api.Assessments;

/// <summary>
/// Reads an assessment request in its plain form, as nearly every app sends it, with the framework's <see cref="Utf8JsonReader"/> and
/// none of the serializer's machinery: known properties once each, answers and regions as exact unescaped names, whole numbers,
/// objects for the groups, nothing after the body. It gives up (null) on anything else, however harmless: a null, an escape, a
/// repeat, an unknown name, a fraction, a BOM or malformed JSON. The serializer then reads the body, and refuses it by its rules or
/// reads it the same. It checks nothing the validator checks: a missing answer stays missing, as the serializer leaves it.
/// </summary>
public static class AssessmentReader
{
    private static readonly (byte[] Name, Answer Value)[] AnswerNames = Names<Answer>();
    private static readonly (byte[] Name, Region Value)[] RegionNames = Names<Region>();

    private static readonly byte[][] RedFlagNames = Utf8(
        "bladderOrBowelControlLoss", "saddleAnesthesia", "feverOrChills", "unexplainedWeightLoss", "radiatingNumbnessTinglingOrWeakness");

    private static readonly byte[][] ConditionNames = Utf8("severeOsteoporosis", "inflammatoryArthritis", "recentAcuteInjury", "discProblem", "otherSpinalCondition");

    public static AssessmentRequest? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Contract.Json.MaxDepth });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && TryReadRequest(ref reader, out var request) && !reader.Read()
                ? request
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryReadRequest(ref Utf8JsonReader reader, out AssessmentRequest? request)
    {
        request = null;
        RedFlagAnswers? redFlags = null;
        ConditionAnswers? conditions = null;
        PainAnswers? pain = null;
        SelfAdjustmentAnswers? selfAdjustment = null;
        while (NextProperty(ref reader))
        {
            var ok =
                reader.ValueTextEquals("redFlags"u8) ? redFlags is null && TryReadRedFlags(ref reader, out redFlags) :
                reader.ValueTextEquals("conditions"u8) ? conditions is null && TryReadConditions(ref reader, out conditions) :
                reader.ValueTextEquals("pain"u8) ? pain is null && TryReadPain(ref reader, out pain) :
                reader.ValueTextEquals("selfAdjustment"u8) && selfAdjustment is null && TryReadSelfAdjustment(ref reader, out selfAdjustment);
            if (!ok)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return false;
        }

        request = new AssessmentRequest { RedFlags = redFlags, Conditions = conditions, Pain = pain, SelfAdjustment = selfAdjustment };
        return true;
    }

    private static bool TryReadRedFlags(ref Utf8JsonReader reader, out RedFlagAnswers? answers)
    {
        Span<Answer?> a = stackalloc Answer?[RedFlagNames.Length];
        answers = TryReadAnswers(ref reader, RedFlagNames, a)
            ? new RedFlagAnswers
            {
                BladderOrBowelControlLoss = a[0], SaddleAnesthesia = a[1], FeverOrChills = a[2], UnexplainedWeightLoss = a[3], RadiatingNumbnessTinglingOrWeakness = a[4],
            }
            : null;
        return answers is not null;
    }

    private static bool TryReadConditions(ref Utf8JsonReader reader, out ConditionAnswers? answers)
    {
        Span<Answer?> a = stackalloc Answer?[ConditionNames.Length];
        answers = TryReadAnswers(ref reader, ConditionNames, a)
            ? new ConditionAnswers { SevereOsteoporosis = a[0], InflammatoryArthritis = a[1], RecentAcuteInjury = a[2], DiscProblem = a[3], OtherSpinalCondition = a[4] }
            : null;
        return answers is not null;
    }

    /// <summary>A group of answers only: each name of <paramref name="names"/> at most once, its answer at the same index.</summary>
    private static bool TryReadAnswers(ref Utf8JsonReader reader, byte[][] names, scoped Span<Answer?> answers)
    {
        if (!StartObject(ref reader))
        {
            return false;
        }

        while (NextProperty(ref reader))
        {
            var i = 0;
            while (i < names.Length && !reader.ValueTextEquals(names[i]))
            {
                i++;
            }

            if (i == names.Length || !TryReadAnswer(ref reader, ref answers[i]))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool TryReadPain(ref Utf8JsonReader reader, out PainAnswers? answers)
    {
        answers = null;
        int? days = null;
        Answer? unrelenting = null, noRelief = null, sharp = null;
        Region? region = null;
        if (!StartObject(ref reader))
        {
            return false;
        }

        while (NextProperty(ref reader))
        {
            var ok =
                reader.ValueTextEquals("durationDays"u8) ? TryReadInteger(ref reader, ref days) :
                reader.ValueTextEquals("unrelenting"u8) ? TryReadAnswer(ref reader, ref unrelenting) :
                reader.ValueTextEquals("persistsDespiteRestOrOtc"u8) ? TryReadAnswer(ref reader, ref noRelief) :
                reader.ValueTextEquals("sharpPainDuringMovement"u8) ? TryReadAnswer(ref reader, ref sharp) :
                reader.ValueTextEquals("region"u8) && TryReadName(ref reader, RegionNames, ref region);
            if (!ok)
            {
                return false;
            }
        }

        answers = new PainAnswers
        {
            DurationDays = days, Unrelenting = unrelenting, PersistsDespiteRestOrOtc = noRelief, SharpPainDuringMovement = sharp, Region = region,
        };
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool TryReadSelfAdjustment(ref Utf8JsonReader reader, out SelfAdjustmentAnswers? answers)
    {
        answers = null;
        int? minutes = null, times = null;
        Answer? force = null;
        if (!StartObject(ref reader))
        {
            return false;
        }

        while (NextProperty(ref reader))
        {
            var ok =
                reader.ValueTextEquals("minutesSinceLast"u8) ? TryReadInteger(ref reader, ref minutes) :
                reader.ValueTextEquals("timesPerDay"u8) ? TryReadInteger(ref reader, ref times) :
                reader.ValueTextEquals("usesForce"u8) && TryReadAnswer(ref reader, ref force);
            if (!ok)
            {
                return false;
            }
        }

        answers = new SelfAdjustmentAnswers { MinutesSinceLast = minutes, TimesPerDay = times, UsesForce = force };
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>Moves to the next property name: false at the object's end, and also for a name written with escapes (then not at the end).</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped;

    private static bool StartObject(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.StartObject;

    private static bool TryReadAnswer(ref Utf8JsonReader reader, scoped ref Answer? answer) => TryReadName(ref reader, AnswerNames, ref answer);

    /// <summary>An exact, unescaped snake_case name of <typeparamref name="T"/>, given once.</summary>
    private static bool TryReadName<T>(ref Utf8JsonReader reader, (byte[] Name, T Value)[] names, scoped ref T? value) where T : struct
    {
        if (value is not null || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        foreach (var (name, candidate) in names)
        {
            if (reader.ValueTextEquals(name))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>A JSON number that is a whole number within <see cref="int"/>, given once.</summary>
    private static bool TryReadInteger(ref Utf8JsonReader reader, ref int? value)
    {
        if (value is not null || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static byte[][] Utf8(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];

    private static (byte[] Name, T Value)[] Names<T>() where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (Encoding.UTF8.GetBytes(SnakeCaseEnum<T>.NameOf(v)), v))];
}
