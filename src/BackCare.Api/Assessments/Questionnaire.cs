using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Domain;
using FluentValidation;
using FluentValidation.Validators;

namespace BackCare.Api.Assessments;

/// <summary>The kind of answer a question takes.</summary>
[Description("The kind of answer a question takes: `answer` (yes, no or unsure), `integer` (a whole number in the question's range) or `region` (lumbar or thoracic).")]
public enum AnswerType
{
    Answer,
    Integer,
    Region,
}

/// <summary>One question an app asks; its id is the JSON path of the answer in the assessment request.</summary>
public sealed record Question(
    [property: Description("The JSON path of the answer in POST /v1/assessments, such as `redFlags.saddleAnesthesia`.")] string Id,
    [property: Description("The question as a person reads it.")] string Text,
    [property: Description("The kind of answer: `answer` (yes, no, unsure), `integer` or `region`.")] AnswerType AnswerType,
    [property: Description("The accepted values for `answer` and `region` questions; null for integers.")] IReadOnlyList<string>? AllowedValues,
    [property: Description("Smallest accepted integer; null for other types.")] int? Minimum,
    [property: Description("Largest accepted integer; null for other types.")] int? Maximum,
    [property: Description("Whether the request is rejected without this answer.")] bool Required,
    [property: Description("The ids of the rules that read this answer.")] IReadOnlyList<string> RuleIds);

/// <summary>
/// The questionnaire, derived once from the request model (paths, types, texts) and the validator (required, ranges),
/// so that the questions, the validation and the OpenAPI schema cannot disagree.
/// </summary>
public static class Questionnaire
{
    private sealed record Field(string Id, PropertyInfo Group, PropertyInfo Leaf, bool Required, int? Minimum, int? Maximum);

    private static readonly Field[] Fields = Discover().ToArray();

    /// <summary>"pain.durationDays" as its group and its answer: ("pain", "durationDays").</summary>
    public static (string Group, string Answer) Split(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        return (id[..dot], id[(dot + 1)..]);
    }

    /// <summary>The answer at its path in a request body, or null.</summary>
    public static JsonNode? GetAnswer(JsonObject body, string id)
    {
        var (group, answer) = Split(id);
        return body[group]?[answer];
    }

    /// <summary>Sets the answer at its path in a request body, adding its group when the body has none.</summary>
    public static void SetAnswer(JsonObject body, string id, JsonNode? value)
    {
        var (group, answer) = Split(id);
        ((JsonObject)(body[group] ??= new JsonObject()))[answer] = value;
    }

    /// <summary>Every answer path, in request order.</summary>
    public static IEnumerable<string> Ids => Fields.Select(f => f.Id);

    /// <summary>What a valid value of the answer at <paramref name="id"/> looks like, for error messages.</summary>
    public static string Expectation(string id)
    {
        var field = Fields.FirstOrDefault(f => f.Id == id);
        var type = field is null ? null : Nullable.GetUnderlyingType(field.Leaf.PropertyType) ?? field.Leaf.PropertyType;
        return type == typeof(Answer) ? $"must be one of: {string.Join(", ", SnakeCaseEnum<Answer>.Names)}."
            : type == typeof(Region) ? $"must be one of: {string.Join(", ", SnakeCaseEnum<Region>.Names)}."
            : type == typeof(int) ? $"must be a whole number from {field!.Minimum} to {field.Maximum}."
            : "must be a JSON object of the shape GET /v1/questions describes.";
    }

    public static (bool Required, int? Minimum, int? Maximum) Constraints(string id)
    {
        var field = Fields.First(f => f.Id == id);
        return (field.Required, field.Minimum, field.Maximum);
    }

    public static IReadOnlyList<Question> Build(IEnumerable<(string RuleId, IReadOnlyList<string> Questions)> rules)
    {
        var readers = rules.SelectMany(r => r.Questions.Select(q => (Question: q, r.RuleId)))
            .ToLookup(x => x.Question, x => x.RuleId, StringComparer.Ordinal);
        return Fields.Select(f =>
        {
            var type = Nullable.GetUnderlyingType(f.Leaf.PropertyType) ?? f.Leaf.PropertyType;
            var (answerType, values) = type == typeof(Answer) ? (AnswerType.Answer, SnakeCaseEnum<Answer>.Names)
                : type == typeof(Region) ? (AnswerType.Region, SnakeCaseEnum<Region>.Names)
                : (AnswerType.Integer, (IReadOnlyList<string>?)null);
            return new Question(f.Id, f.Leaf.GetCustomAttribute<DescriptionAttribute>()?.Description ?? f.Id, answerType, values,
                f.Minimum, f.Maximum, f.Required, readers[f.Id].ToArray());
        }).ToArray();
    }

    private static IEnumerable<Field> Discover()
    {
        var root = new AssessmentValidator().CreateDescriptor();
        foreach (var group in typeof(AssessmentRequest).GetProperties())
        {
            var groupRequired = HasComponent<INotNullValidator>(root, group.Name);
            var child = root.GetValidatorsForMember(group.Name).Select(v => v.Validator).OfType<IChildValidatorAdaptor>().Single();
            var descriptor = ((IValidator)Activator.CreateInstance(child.ValidatorType)!).CreateDescriptor();
            foreach (var leaf in group.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var range = descriptor.GetValidatorsForMember(leaf.Name).Select(v => v.Validator).OfType<IBetweenValidator>().SingleOrDefault();
                yield return new Field(
                    $"{Camel(group.Name)}.{Camel(leaf.Name)}",
                    group,
                    leaf,
                    groupRequired && HasComponent<INotNullValidator>(descriptor, leaf.Name),
                    (int?)range?.From,
                    (int?)range?.To);
            }
        }
    }

    private static bool HasComponent<T>(IValidatorDescriptor descriptor, string member) =>
        descriptor.GetValidatorsForMember(member).Any(v => v.Validator is T);

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
