using BackCare.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BackCare.Api.Contract;

/// <summary>Strict parsing of enum query parameters: only the documented snake_case values, with a named error otherwise.</summary>
public static class QueryEnum
{
    public static T? Parse<T>(string? text, string parameter, IDictionary<string, string[]> errors) where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (SnakeCaseEnum<T>.TryParse(text, out var value))
        {
            return value;
        }

        errors[parameter] = [$"'{text}' is not a known {parameter}. Use one of: {string.Join(", ", SnakeCaseEnum<T>.Names)}."];
        return null;
    }

    /// <summary>Documents a string query parameter as the named enum schema it is parsed into.</summary>
    public static RouteHandlerBuilder WithEnumQueryParameter<T>(this RouteHandlerBuilder builder, string name, string description)
        where T : struct, Enum =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name);
            if (parameter is not null)
            {
                parameter.Description = description;
                parameter.Schema = context.Document is { } document
                    ? new OpenApiSchemaReference(typeof(T).Name, document)
                    : new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = SnakeCaseEnum<T>.Names.Select(n => (System.Text.Json.Nodes.JsonNode)n).ToList(),
                    };
            }

            return Task.CompletedTask;
        });
}
