using System.Text.Json;
using BackCare.Domain;
using BackCare.Rules;
using BackCare.Api.Rules;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BackCare.Api.Assessments;

/// <summary>
/// The worked example of POST /v1/assessments: a realistic request, and the answer the loaded rule set really gives to it
/// (computed when the document is generated, so it can never drift from the rules).
/// </summary>
public static class AssessmentExamples
{
    public const string Name = "disc-problem";

    /// <summary>Stands in for the fresh <c>assessmentId</c> of each answer, so the document is the same on every build.</summary>
    public static readonly Guid IllustrativeAssessmentId = new("3f0c2a9e-6b1d-4c8e-9a57-2d4b8e61f0a3");

    /// <summary>Four days of lower-back pain, no red flag, a known disc problem, and an occasional gentle self-adjustment.</summary>
    public static AssessmentRequest Request { get; } = new()
    {
        RedFlags = new RedFlagAnswers
        {
            BladderOrBowelControlLoss = Answer.No,
            SaddleAnesthesia = Answer.No,
            FeverOrChills = Answer.No,
            UnexplainedWeightLoss = Answer.No,
            RadiatingNumbnessTinglingOrWeakness = Answer.No,
        },
        Conditions = new ConditionAnswers
        {
            SevereOsteoporosis = Answer.No,
            InflammatoryArthritis = Answer.No,
            RecentAcuteInjury = Answer.No,
            DiscProblem = Answer.Yes,
            OtherSpinalCondition = Answer.No,
        },
        Pain = new PainAnswers
        {
            DurationDays = 4,
            Unrelenting = Answer.No,
            PersistsDespiteRestOrOtc = Answer.No,
            SharpPainDuringMovement = Answer.No,
            Region = Region.Lumbar,
        },
        SelfAdjustment = new SelfAdjustmentAnswers { MinutesSinceLast = 45, TimesPerDay = 1, UsesForce = Answer.No },
    };

    /// <summary>What BackCare answers to <see cref="Request"/>, with <see cref="IllustrativeAssessmentId"/> in place of the fresh id.</summary>
    public static AssessmentResponse Response(RuleSet ruleSet) =>
        Triage.Assess(ruleSet, Request) with { AssessmentId = IllustrativeAssessmentId };

    public static async Task AddAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Paths.TryGetValue("/v1/assessments", out var path)
            && path.Operations?.GetValueOrDefault(HttpMethod.Post) is { } operation
            && Find(operation.RequestBody?.Content, "application/json") is { } requestMedia
            && Find(operation.Responses, "200") is { } ok
            && Find(ok.Content, "application/json") is { } responseMedia)
        {
            var services = context.ApplicationServices;
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            requestMedia.Examples = Example(
                "Four days of lower-back pain with a known disc problem",
                "No red flag and no contraindication; the person has a herniated or bulging disc and pops their back gently once a day.",
                JsonSerializer.SerializeToNode(Request, json));

            // The document is also generated at build time, before the host has loaded the rule set; without a valid one there is no answer to show.
            var rules = services.GetRequiredService<RuleSetProvider>();
            if ((rules.Current ?? await TryLoadAsync(rules.Directory)) is not { } ruleSet)
            {
                return;
            }

            var response = Response(ruleSet);
            var fired = string.Join(", ", response.Findings.Select(f => f.RuleId));
            responseMedia.Examples = Example(
                "The answer to the disc-problem example",
                $"What rule set {ruleSet.Version} answers to the request example: grade `{SnakeCaseEnum<Grade>.NameOf(response.Grade)}`, " +
                $"fired: {(fired.Length > 0 ? fired : "none")}. `assessmentId` is illustrative: every answer gets a fresh one.",
                JsonSerializer.SerializeToNode(response, json));
        }
    }

    internal static async Task<RuleSet?> TryLoadAsync(string directory)
    {
        try
        {
            return await RuleSetLoader.LoadAsync(directory);
        }
        catch (RuleSetException)
        {
            return null;
        }
    }

    internal static T? Find<T>(IDictionary<string, T>? entries, string key) where T : class =>
        entries is not null && entries.TryGetValue(key, out var value) ? value : null;

    private static Dictionary<string, IOpenApiExample> Example(string summary, string description, System.Text.Json.Nodes.JsonNode? value) =>
        new() { [Name] = new OpenApiExample { Summary = summary, Description = description, Value = value } };
}
