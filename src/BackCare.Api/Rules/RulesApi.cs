using BackCare.Domain;
using BackCare.Rules;
using BackCare.Api.Assessments;
using BackCare.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackCare.Api.Rules;

public static class RulesApi
{
    public static RouteGroupBuilder MapRules(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/rules").WithTags("Rules");

        group.MapGet("", ListRules)
            .WithName("listRules")
            .WithSummary("List the rules")
            .WithDescription("The rule catalogue of the loaded rule set: each rule's id, kind, grade, gradeIfUnsure, title, advice, " +
                             "the article sentence it rests on, the questions it reads and its parameters.")
            .WithResponseDescription(StatusCodes.Status200OK, "Every rule of the loaded rule set.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{id}", GetRule)
            .WithName("getRule")
            .WithSummary("Get one rule")
            .WithDescription("One rule by its fixed id, such as `RF-CAUDA-EQUINA`. An unknown id is a 404 problem.")
            .WithParameter("id", "The rule's fixed id, as listed by GET /v1/rules.", "RF-CAUDA-EQUINA")
            .WithResponseDescription(StatusCodes.Status200OK, "The rule, with its evidence.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseDescription(StatusCodes.Status404NotFound, "There is no rule with that id.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        v1.MapGet("/ruleset", GetRuleset)
            .WithTags("Rules")
            .WithName("getRuleset")
            .WithSummary("Get the rule set in its canonical form")
            .WithDescription("The rule set in force as one JSON document: its version, thresholds, every rule with its conditions and actions " +
                             "as the rules engine states them, grades and texts, and the guidance per grade. The SHA-256 of exactly these bytes " +
                             "is the `ruleset.sha256` of every answer (and the `ETag`), so a partner can prove which rules produced an answer: " +
                             "`curl -s …/v1/ruleset | sha256sum`.")
            .WithJsonObjectResponse(StatusCodes.Status200OK, "The canonical rule set; its SHA-256 is the `ruleset.sha256` of the answers it gives.",
                "The canonical rule set: `version`, `thresholds` by name, `rules` in id order (each as GET /v1/rules/{id} shows it) and `guidance` per grade.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return group;
    }

    // The canonical bytes as they were hashed: serializing them again could not be guaranteed to give the same hash.
    public static Results<FileContentHttpResult, ProblemHttpResult> GetRuleset(RuleSetProvider rules) =>
        rules.Current is { } ruleSet
            ? TypedResults.Bytes(ruleSet.Canonical, "application/json", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{ruleSet.Sha256}\""))
            : AssessmentsApi.NotReady();

    public static Results<Ok<IReadOnlyList<RuleDefinition>>, ProblemHttpResult> ListRules(RuleSetProvider rules) =>
        rules.Current is { } ruleSet ? TypedResults.Ok(ruleSet.Rules) : AssessmentsApi.NotReady();

    public static Results<Ok<RuleDefinition>, ProblemHttpResult> GetRule(string id, RuleSetProvider rules) =>
        rules.Current is not { } ruleSet ? AssessmentsApi.NotReady()
        : ruleSet.ById.TryGetValue(id, out var rule) ? TypedResults.Ok(rule)
        : Problems.NotFound($"There is no rule with id '{id}'. GET /v1/rules lists the ids.");
}
