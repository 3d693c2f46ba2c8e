namespace BackCare.Api.Fhir;

/// <summary>
/// <c>Fhir:CanonicalBase</c>: the base of the canonical URLs of BackCare's FHIR artefacts (the Questionnaire, the OperationDefinition,
/// its code systems). It names them; it need not be where they are served. Default <see cref="DefaultCanonicalBase"/>.
/// </summary>
public sealed class FhirSettings(IConfiguration configuration)
{
    public const string CanonicalBaseKey = "Fhir:CanonicalBase";
    public const string DefaultCanonicalBase = "https://backcare.example.org/fhir";

    public string CanonicalBase { get; } = (configuration[CanonicalBaseKey] is { Length: > 0 } configured ? configured : DefaultCanonicalBase).TrimEnd('/');

    public string Canonical(string path) => $"{CanonicalBase}/{path}";

    /// <summary>BackCare's code system of rule ids (RF-CAUDA-EQUINA, …).</summary>
    public string RuleSystem => Canonical("CodeSystem/rule-id");

    /// <summary>BackCare's code system of exercise ids (double-knee-to-chest, …).</summary>
    public string ExerciseSystem => Canonical("CodeSystem/exercise");

    /// <summary>BackCare's code system of the parts of the spine: lumbar, thoracic.</summary>
    public string RegionSystem => Canonical("CodeSystem/spine-region");

    /// <summary>BackCare's code system of grades, emergency to self_care.</summary>
    public string GradeSystem => Canonical("CodeSystem/grade");
}
