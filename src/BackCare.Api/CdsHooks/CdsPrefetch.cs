using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace BackCare.Api.CdsHooks;

/// <summary>
/// Prefetched FHIR data, read by Firely's SDK in its recoverable mode: an EHR's data is messy, and an element BackCare does not
/// need must not lose the ones it does. A key that is absent was not fulfilled; a key whose value is null means "no data".
/// </summary>
public static class CdsPrefetch
{
    /// <summary>
    /// Recoverable, without the SDK's validation of each element and resource (cardinality, the patterns of ids, dates, codes):
    /// validation only adds issues, which a recoverable read filters out or leaves with everything it read, and it was most of the
    /// cost of reading a prefetch. Built once: the SDK's options are expensive to build and cache their converters.
    /// </summary>
    private static readonly JsonSerializerOptions Recoverable = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector,
        ((FhirJsonConverterOptions)new FhirJsonConverterOptions().UsingMode(DeserializationMode.Recoverable)) with { Validator = null });

    /// <summary>Whether the EHR fulfilled the key (null counts as fulfilled: it says there is no data).</summary>
    public static bool Fulfilled(JsonObject? prefetch, string key) => prefetch is not null && prefetch.ContainsKey(key);

    /// <summary>The resources of type <typeparamref name="T"/> in the value (a Bundle's entries, or the resource itself).</summary>
    public static IReadOnlyList<T> Resources<T>(JsonNode? value) where T : Resource
    {
        if (value is not JsonObject json)
        {
            return [];
        }

        Resource? resource;
        try
        {
            resource = json.Deserialize<Resource>(Recoverable);
        }
        catch (DeserializationFailedException e)
        {
            // Recoverable: the SDK still gives what it could read.
            resource = e.PartialResult as Resource;
        }

        return resource switch
        {
            Bundle bundle => [.. bundle.Entry.Select(e => e.Resource).OfType<T>()],
            T single => [single],
            _ => [],
        };
    }
}
