using Hl7.Fhir.Model;

namespace BackCare.Api.Fhir;

/// <summary>What BackCare's FHIR endpoint offers: its CapabilityStatement and the definition of <c>$triage</c>.</summary>
public static class FhirDefinitions
{
    /// <summary>The date of this FHIR contract (integration-v1); it changes when the offer does, not with every start.</summary>
    private const string ContractDate = "2026-12-01";

    public static CapabilityStatement Capabilities(FhirSettings settings, string softwareVersion) => new()
    {
        Url = settings.Canonical("CapabilityStatement/backcare"),
        Name = "BackCareFhir",
        Title = "BackCare triage over FHIR R4",
        Status = PublicationStatus.Active,
        Date = ContractDate,
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "BackCare", Version = softwareVersion },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "BackCare triage API" },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = [FhirJson.MediaType, "json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Read the screening Questionnaire, then POST a QuestionnaireResponse answering it to QuestionnaireResponse/$triage.",
                Resource =
                [
                    Read(ResourceType.Questionnaire),
                    Read(ResourceType.OperationDefinition),
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = nameof(ResourceType.QuestionnaireResponse),
                        Operation =
                        [
                            new CapabilityStatement.OperationComponent { Name = "triage", Definition = settings.Canonical("OperationDefinition/triage") },
                        ],
                    },
                ],
            },
        ],
    };

    private static CapabilityStatement.ResourceComponent Read(ResourceType type) => new()
    {
        Type = type.ToString(),
        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
    };

    public static OperationDefinition Triage(FhirSettings settings) => new()
    {
        Id = "triage",
        Url = settings.Canonical("OperationDefinition/triage"),
        Name = "Triage",
        Title = "Grade a screening QuestionnaireResponse",
        Status = PublicationStatus.Active,
        Kind = OperationDefinition.OperationKind.Operation,
        Date = ContractDate,
        Description = "Grades the answers of a QuestionnaireResponse to the backcare-screening Questionnaire with BackCare's rule set, " +
                      "exactly as POST /v1/assessments does. The body is the QuestionnaireResponse itself.",
        AffectsState = false,
        Code = "triage",
        Resource = [ResourceType.QuestionnaireResponse],
        System = false,
        Type = true,
        Instance = false,
        Parameter =
        [
            Parameter("response", OperationParameterUse.In, 1, "1", FHIRAllTypes.QuestionnaireResponse, "The person's answers to backcare-screening."),
            Parameter("grade", OperationParameterUse.Out, 1, "1", FHIRAllTypes.Code, "The grade: emergency, urgent, consult, avoid_self_adjustment, caution or self_care."),
            Parameter("guidance", OperationParameterUse.Out, 1, "1", FHIRAllTypes.GuidanceResponse,
                "The recommendation: the rule set (version and sha256) in moduleUri, the headline, advice and disclaimer as notes."),
            Parameter("finding", OperationParameterUse.Out, 0, "*", FHIRAllTypes.DetectedIssue,
                "One per rule that fired: the rule id as code, severity from its grade, the advice as detail, the article's sentence as evidence."),
            Parameter("exercise", OperationParameterUse.Out, 0, "*", FHIRAllTypes.Coding, "One per exercise that stays safe, only when self-adjustment is advised."),
        ],
    };

    private static OperationDefinition.ParameterComponent Parameter(string name, OperationParameterUse use, int min, string max, FHIRAllTypes type, string documentation) => new()
    {
        Name = name,
        Use = use,
        Min = min,
        Max = max,
        Type = type,
        Documentation = documentation,
    };
}
