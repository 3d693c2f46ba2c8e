using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackCare.Domain;
using BackCare.Rules;
using Microsoft.AspNetCore.OpenApi;
using BackCare.Api.Assessments;
using Microsoft.OpenApi;

namespace BackCare.Api.Contract;

/// <summary>
/// Shapes the generated schemas into the contract partners code against: named string enums, descriptions written for callers
/// on every schema and property, and a request whose required answers and ranges come from the validator.
/// </summary>
public static class OpenApiSchemas
{
    /// <summary>
    /// The types whose [Description] speaks to API callers; it replaces their XML summary, which speaks to developers. A nested type
    /// is a derived type of its enclosing one, which the generator names enclosing name + own name (<c>AssessmentBatchItemGraded</c>).
    /// </summary>
    private static readonly Dictionary<string, string> TypeDescriptions = typeof(OpenApiSchemas).Assembly.GetTypes()
        .Concat(typeof(RuleSet).Assembly.GetTypes())
        .Where(t => t.IsPublic || (t.IsNestedPublic && t.DeclaringType!.IsPublic))
        .Select(t => (Name: t.IsNested ? t.DeclaringType!.Name + t.Name : t.Name, Attribute: t.GetCustomAttribute<DescriptionAttribute>()))
        .Where(t => t.Attribute is not null)
        .ToDictionary(t => t.Name, t => t.Attribute!.Description, StringComparer.Ordinal);

    /// <summary>Enums are read and written by <see cref="StrictEnumConverter"/>; their schema lists the same snake_case names.</summary>
    public static async Task DescribeEnum(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = Enum.GetNames(type).Select(name => (JsonNode)JsonNamingPolicy.SnakeCaseLower.ConvertName(name)).ToList();
        }
        else if (context.JsonTypeInfo.ElementType is { IsEnum: true } element && schema.Items is null or OpenApiSchema { Type: null })
        {
            // A list of enums otherwise loses its items, the converter being one the schema generator cannot see into.
            schema.Items = await context.GetOrCreateSchemaAsync(element, cancellationToken: cancellationToken);
        }
    }

    public static void Complete(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in schemas.Where(s => s.Value is OpenApiSchema).Select(s => (s.Key, (OpenApiSchema)s.Value)))
        {
            if (TypeDescriptions.TryGetValue(name, out var description))
            {
                schema.Description = description;
            }

            if (schema.Enum is { Count: > 0 } values)
            {
                // Enums are written as snake_case strings; whether a value may be missing is the property's business.
                schema.Type = JsonSchemaType.String;
                schema.Enum = values.Where(v => v is not null).ToList();
            }

            HoistNullableDescriptions(schema);
        }

        foreach (var union in schemas.Values.OfType<OpenApiSchema>().Where(s => s.Discriminator?.Mapping is { Count: > 0 }))
        {
            DescribeDiscriminator(union, schemas);
        }

        ShapeRequest(schemas);
    }

    /// <summary>
    /// Each branch of a union told apart by a discriminator gets that property as a required constant, described: the generator
    /// writes it as a one-value enum of its own, optional and undescribed.
    /// </summary>
    private static void DescribeDiscriminator(OpenApiSchema union, IDictionary<string, IOpenApiSchema> schemas)
    {
        var name = union.Discriminator!.PropertyName!;
        foreach (var (value, reference) in union.Discriminator.Mapping!)
        {
            if (reference.Reference.Id is not { } id || !schemas.TryGetValue(id, out var found) || found is not OpenApiSchema branch || branch.Properties is null)
            {
                throw new InvalidOperationException($"The discriminator value '{value}' of a union names no schema with properties.");
            }

            branch.Type = JsonSchemaType.Object;
            branch.Properties[name] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Const = value,
                Description = $"Always `{value}` here: it tells this kind of result from the others ({string.Join(", ", union.Discriminator.Mapping.Keys.Select(k => $"`{k}`"))}).",
            };
            branch.Required = new HashSet<string>([name, .. branch.Required ?? new HashSet<string>()]);
        }
    }

    /// <summary>
    /// The request's properties are nullable in C# only so that a missing answer can be named; on the wire each is its plain type,
    /// required where the validator requires it and bounded where it sets a range (<see cref="Questionnaire.Constraints"/>).
    /// </summary>
    private static void ShapeRequest(IDictionary<string, IOpenApiSchema> schemas)
    {
        if (!schemas.TryGetValue(nameof(AssessmentRequest), out var found) || found is not OpenApiSchema request || request.Properties is null)
        {
            return;
        }

        foreach (var name in request.Properties.Keys.ToArray())
        {
            request.Properties[name] = WithoutNull(request.Properties[name]);
        }

        foreach (var id in Questionnaire.Ids)
        {
            var (groupName, leafName) = Questionnaire.Split(id);
            if (request.Properties[groupName] is not OpenApiSchemaReference groupReference
                || schemas[groupReference.Reference.Id!] is not OpenApiSchema group || group.Properties is null)
            {
                throw new InvalidOperationException($"The schema of '{groupName}' in {nameof(AssessmentRequest)} is not an object reference.");
            }

            var leaf = WithoutNull(group.Properties[leafName]);
            group.Properties[leafName] = leaf;
            var (required, minimum, maximum) = Questionnaire.Constraints(id);
            if (leaf is OpenApiSchema number && minimum is not null)
            {
                // Read by Json's null-rejecting converter, which the schema generator cannot see through: a bounded answer is a whole number.
                number.Type = JsonSchemaType.Integer;
                number.Minimum = minimum?.ToString(CultureInfo.InvariantCulture);
                number.Maximum = maximum?.ToString(CultureInfo.InvariantCulture);
            }

            if (required)
            {
                // A required answer makes its group required too: the validator only reaches an answer inside a group it has.
                (group.Required ??= new HashSet<string>()).Add(leafName);
                (request.Required ??= new HashSet<string>()).Add(groupName);
            }
        }
    }

    /// <summary><c>oneOf: [null, X]</c> becomes X, and <c>type: [null, T]</c> becomes T.</summary>
    private static IOpenApiSchema WithoutNull(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema schema)
        {
            return property;
        }

        if (schema.OneOf is { Count: 2 } oneOf && oneOf.SingleOrDefault(IsNull) is { } nullBranch)
        {
            var other = oneOf.Single(s => !ReferenceEquals(s, nullBranch));
            if (other is OpenApiSchemaReference reference && string.IsNullOrEmpty(reference.Reference.Description))
            {
                reference.Description = schema.Description;
            }

            return other;
        }

        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        return schema;
    }

    /// <summary>A nullable reference comes out as <c>oneOf: [null, {$ref, description}]</c>; the description belongs to the property itself.</summary>
    private static void HoistNullableDescriptions(OpenApiSchema schema)
    {
        foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (property.OneOf is { Count: 2 } oneOf && oneOf.Any(IsNull)
                && oneOf.OfType<OpenApiSchemaReference>().SingleOrDefault() is { } reference
                && !string.IsNullOrEmpty(reference.Reference.Description))
            {
                property.Description ??= reference.Reference.Description;
                reference.Reference.Description = null;
            }
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
