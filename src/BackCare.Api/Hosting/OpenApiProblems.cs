using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace BackCare.Api.Hosting;

/// <summary>
/// Documents what can go wrong: the RFC 9457 problem schemas with every member described, the API key every /v1 operation takes,
/// the 401 and 429 problems that come with keys and rate limits, and a description of each error response that tells a caller what to do.
/// </summary>
public static class OpenApiProblems
{
    public const string ApiKeyScheme = "ApiKey";

    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationProblemSchema = "HttpValidationProblemDetails";
    private const string Unauthorized = "Unauthorized";
    private const string TooManyRequests = "TooManyRequests";

    /// <summary>What each problem status means for BackCare's callers; replaces the bare reason phrase the generator writes.</summary>
    private static readonly Dictionary<int, string> Meanings = new()
    {
        [400] = "The request is not valid: a value is missing, out of range, of the wrong type or unknown, or the body is not a JSON object. " +
                "`errors` names each offending field or parameter by its JSON path.",
        [401] = $"No valid API key was sent in the `{ApiKeys.HeaderName}` header. Only deployments that issue keys answer this.",
        [404] = "Nothing has that id.",
        [413] = "The request body is larger than this endpoint accepts.",
        [415] = "The request body was not sent as `application/json`.",
        [429] = "This client has called too often. Wait for the number of seconds in `Retry-After`, then try again.",
        [500] = "BackCare could not complete the request, for example because a rule could not be evaluated. No grade was produced: " +
                "never read this as 'safe'.",
        [503] = "No valid rule set is loaded, so BackCare cannot answer. This is not a 'safe' answer; try again later.",
    };

    public static void Complete(OpenApiDocument document)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        components.Schemas[ProblemSchema] = Problem(validation: false);
        if (components.Schemas.ContainsKey(ValidationProblemSchema))
        {
            components.Schemas[ValidationProblemSchema] = Problem(validation: true);
        }

        components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.HeaderName,
            Description = "The key BackCare issued to your app. Deployments that issue keys answer a /v1 call without a valid one with a 401 problem; " +
                          "a local run without configured keys needs none.",
        };
        components.Responses = new Dictionary<string, IOpenApiResponse>
        {
            [Unauthorized] = ProblemResponse(document, 401),
            [TooManyRequests] = WithRetryAfter(ProblemResponse(document, 429)),
        };

        foreach (var operation in document.Paths.Values.SelectMany(item => item.Operations?.Values.AsEnumerable() ?? []))
        {
            operation.Responses = Describe(operation.Responses);
        }
    }

    /// <summary>The key and the 401, and the 429, of an operation whose endpoint requires the API-key policy or a rate limit.</summary>
    public static void Secure(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.Responses ??= [];
        if (!metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiKeys.Scheme))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            operation.Responses["401"] = new OpenApiResponseReference(Unauthorized, document);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any() && !metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            operation.Responses["429"] = new OpenApiResponseReference(TooManyRequests, document);
        }
    }

    /// <summary>The responses in status order, each problem with its meaning unless the endpoint already said something more specific.</summary>
    private static OpenApiResponses Describe(OpenApiResponses? responses)
    {
        var ordered = new OpenApiResponses();
        foreach (var (status, response) in (responses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (response is OpenApiResponse concrete && int.TryParse(status, CultureInfo.InvariantCulture, out var code)
                && Meanings.TryGetValue(code, out var meaning) && concrete.Description == ReasonPhrases.GetReasonPhrase(code))
            {
                concrete.Description = meaning;
            }

            ordered[status] = response;
        }

        return ordered;
    }

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, int status) => ProblemResponse(document, Meanings[status]);

    /// <summary>A response that is a problem, with what it means here.</summary>
    public static OpenApiResponse ProblemResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static OpenApiResponse WithRetryAfter(OpenApiResponse response)
    {
        response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "How many seconds to wait before calling again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            },
        };
        return response;
    }

    /// <summary>The members every BackCare problem has (RFC 9457 allows more, so extension members stay allowed).</summary>
    private static OpenApiSchema Problem(bool validation)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation
                ? "An RFC 9457 problem for a request that is not valid, with the reason for each offending field."
                : "An RFC 9457 problem: what went wrong, in a form both a program and a person can read.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI that identifies the kind of problem; here the section of the HTTP specification for the status."),
                ["title"] = Text("A short summary of the kind of problem, the same for every occurrence."),
                ["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "400",
                    Maximum = "599",
                    Description = "The HTTP status code of the response.",
                },
                ["detail"] = Text("What went wrong in this request, and what to do about it."),
                ["instance"] = Text("A URI that identifies this occurrence of the problem, when there is one."),
                ["traceId"] = Text("Identifies this request in the server's traces; quote it when reporting a problem. It carries none of the answers."),
            },
            Required = new HashSet<string> { "type", "title", "status", "detail" },
        };
        if (validation)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The reasons, keyed by the JSON path of each offending field (`redFlags.saddleAnesthesia`) or by the query parameter's name.",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = "What is wrong with this field.",
                },
            };
            schema.Required.Add("errors");
        }

        return schema;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
