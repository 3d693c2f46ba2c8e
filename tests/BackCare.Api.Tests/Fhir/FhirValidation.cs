using System.Diagnostics;
using System.Text;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace BackCare.Api.Tests.Fhir;

/// <summary>
/// Offline validation of SDK-built FHIR R4 resources against the base profile of their type
/// (<c>http://hl7.org/fhir/StructureDefinition/{type}</c>), read from the R4 <c>specification.zip</c>
/// that Hl7.Fhir.Specification.Data.R4 copies next to the test assembly.
/// </summary>
/// <remarks>
/// <para>The validator is built once per test run: the zip is extracted and indexed on first use, and the
/// schema of each type is compiled the first time a resource of that type is validated, which takes seconds.
/// Firely's validator and its resolvers are not thread-safe, so every validation runs under one lock.</para>
/// <para>Terminology: codes on required bindings are checked by a <see cref="LocalTerminologyService"/>
/// over the same zip (<see cref="LocalTerminologyService.CreateDefaultForCore"/>, which also covers the
/// implicit core value sets such as mime types and languages), so the core value sets (issue type, guidance
/// response status, observation status, item type, ...) are enforced without a network.</para>
/// <para>External code systems: a code system that is not in the spec zip (SNOMED CT, LOINC, our own rule ids)
/// cannot be expanded offline. Example, preferred and extensible bindings are not sent to the terminology service
/// (only required ones are), so e.g. a SNOMED CT <c>Questionnaire.item.code</c> or our own rule-id system in
/// <c>DetectedIssue.code</c> is never looked up. When a required binding does need a value set the local service
/// cannot evaluate (it throws "cannot find codesystem 'http://loinc.org'" or "CodeSystem
/// 'http://snomed.info/sct' is marked incomplete"), <see cref="ValidationSettings.HandleValidateCodeServiceFailure"/>
/// turns that into a <em>warning</em> (set explicitly below rather than left to the default): it stays in the
/// returned outcome, and in the message of a failing <see cref="AssertValid"/>, but does not fail a test for
/// something only a terminology server can decide. A code the local service <em>can</em> decide and rejects
/// (e.g. a status outside its value set) is an error.</para>
/// </remarks>
internal static class FhirValidation
{
    private const string CoreProfilePrefix = "http://hl7.org/fhir/StructureDefinition/";

    private static readonly Lazy<Validator> LazyValidator = new(CreateValidator, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();
    private static TimeSpan? _firstValidation;

    /// <summary>How long building the validator (resolver and terminology service over the zip) took.</summary>
    public static TimeSpan? SetupDuration { get; private set; }

    /// <summary>How long the very first <see cref="Validate"/> of this run took, setup and schema compilation included.</summary>
    public static TimeSpan? FirstValidationDuration
    {
        get { lock (Gate) return _firstValidation; }
    }

    /// <summary>Validates against the R4 base profile of the resource's type; returns the OperationOutcome.</summary>
    public static OperationOutcome Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (Gate)
        {
            var watch = Stopwatch.StartNew();
            var outcome = LazyValidator.Value.Validate(resource, CoreProfilePrefix + resource.TypeName);
            _firstValidation ??= watch.Elapsed;
            return outcome;
        }
    }

    /// <summary>The issues of <paramref name="outcome"/> with severity error or fatal.</summary>
    public static IReadOnlyList<OperationOutcome.IssueComponent> Errors(OperationOutcome outcome) =>
        [.. outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)];

    /// <summary>Asserts 0 errors (and 0 fatals), failing with every issue's severity, code, location/expression and diagnostics/details text listed.</summary>
    public static void AssertValid(Resource resource)
    {
        var outcome = Validate(resource);
        var errors = Errors(outcome);
        Assert.True(errors.Count == 0,
            $"{resource.TypeName} is not valid against {CoreProfilePrefix}{resource.TypeName}: {errors.Count} error(s).\n{Describe(outcome)}");
    }

    /// <summary>One line per issue: severity, code, location/expression and diagnostics/details text.</summary>
    public static string Describe(OperationOutcome outcome)
    {
        if (outcome.Issue.Count == 0) return "(no issues)";
        var text = new StringBuilder();
        foreach (var issue in outcome.Issue)
        {
            var where = string.Join(", ", issue.Expression.Concat(issue.Location).Distinct());
            var what = string.Join(" | ", new[] { issue.Details?.Text, issue.Diagnostics }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
            var detailCodes = string.Join(",", issue.Details?.Coding.Select(c => c.Code) ?? []);
            text.Append(Invariant($"- [{issue.Severity}] {issue.Code}"))
                .Append(detailCodes.Length > 0 ? $" ({detailCodes})" : "")
                .Append(" at ").Append(where.Length > 0 ? where : "(no location)")
                .Append(": ").Append(what.Length > 0 ? what : "(no text)")
                .Append('\n');
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// The SDK shares some POCOs across FHIR versions (e.g. CapabilityStatement in Hl7.Fhir.Conformance) and types a few
    /// elements as <c>markdown</c> where R4 declares <c>string</c> (<c>CapabilityStatement.implementation.description</c>).
    /// Both are the same JSON string on the wire, so this one type mismatch is reported as a warning; any other type
    /// mismatch stays an error.
    /// </summary>
    private static IssueAssertion? DowngradeSharedModelMarkdown(IssueAssertion issue) =>
        issue.Severity == OperationOutcome.IssueSeverity.Error
        && issue.Message.Contains("declared type of the element (string) is incompatible with that of the instance (markdown)", StringComparison.Ordinal)
            ? issue.WithSeverity(OperationOutcome.IssueSeverity.Warning)
            : issue;

    private static Validator CreateValidator()
    {
        var watch = Stopwatch.StartNew();
        var zipPath = Path.Combine(AppContext.BaseDirectory, "specification.zip");
        if (!File.Exists(zipPath))
            throw new FileNotFoundException("The R4 specification.zip (Hl7.Fhir.Specification.Data.R4) is not next to the test assembly.", zipPath);

        // The core StructureDefinitions, ValueSets and CodeSystems, cached in memory after the first read.
        var resolver = new CachedResolver(new ZipSource(zipPath));
        var terminology = LocalTerminologyService.CreateDefaultForCore(resolver);

        var settings = new ValidationSettings
        {
            // See the remarks on the class: a binding the offline service cannot evaluate is a warning, not an error.
            HandleValidateCodeServiceFailure = (_, _) => TerminologyServiceExceptionResult.Warning,
            TransformIssues = DowngradeSharedModelMarkdown,
        };

        var validator = new Validator(resolver, terminology, null, settings);
        SetupDuration = watch.Elapsed;
        return validator;
    }
}
