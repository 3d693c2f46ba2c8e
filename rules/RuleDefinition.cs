using System.ComponentModel;
using BackCare.Domain;

namespace BackCare.Rules;

/// <summary>One clinical criterion of the rule set, with the article sentence it encodes.</summary>
public sealed record RuleDefinition(
    [property: Description("Fixed rule id, such as `RF-CAUDA-EQUINA`.")] string Id,
    [property: Description("What the rule guards against.")] RuleKind Kind,
    [property: Description("The grade the rule gives when an answer is yes or its threshold is met.")] Grade Grade,
    [property: Description("The grade the rule gives when the only matching answer is unsure; null when unsure does not fire it.")] Grade? GradeIfUnsure,
    [property: Description("Short name of the criterion.")] string Title,
    [property: Description("What the person should do when the rule fires on a yes or a met threshold.")] string Advice,
    [property: Description("What the person should do when the rule fires only on an unsure answer.")] string AdviceIfUnsure,
    [property: Description("The article sentence the rule rests on.")] RuleSource Source,
    [property: Description("What the rule fires on, in words.")] string FiresWhen,
    [property: Description("The rule's conditions, as the rules engine's rule model states them.")] IReadOnlyList<string> Conditions,
    [property: Description("The rule's actions when it fires, as the rules engine's rule model states them.")] IReadOnlyList<string> Actions,
    [property: Description("The questions (JSON paths of the assessment request) the rule reads.")] IReadOnlyList<string> Questions,
    [property: Description("The rule-set parameters (thresholds) the rule uses, with their values.")] IReadOnlyDictionary<string, int> Parameters,
    [property: Description("Movements whose exercises the rule removes from the safe list.")] IReadOnlyList<Movement> ExcludesMovements,
    [property: Description("Why the rule removes those exercises; null when it removes none.")] string? ExclusionReason);

/// <summary>What BackCare tells a person for each grade, and on every answer.</summary>
public sealed record Guidance(
    IReadOnlyDictionary<Grade, GradeGuidance> Grades,
    IReadOnlyList<string> Always,
    string ReturnIf,
    string Disclaimer);

/// <summary>What BackCare tells a person for one grade, and the article sentence it rests on.</summary>
public sealed record GradeGuidance(string Headline, IReadOnlyList<string> Advice, string Section, string Quote);
