using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Hosting;

/// <summary>Every error BackCare returns is an RFC 9457 problem with type, title, status and detail.</summary>
public static class Problems
{
    /// <summary>What a 415 for a JSON endpoint says.</summary>
    public const string SendJson = "Send the request body as JSON with 'Content-Type: application/json'.";

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(Create(StatusCodes.Status404NotFound, detail));

    /// <summary>Answers with a problem from middleware that runs outside an endpoint (API keys, rate limits, body limits); a null detail gets the usual one for the status.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? detail = null)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        }).AsTask();
    }

    public static ProblemDetails Create(int status, string detail) => new()
    {
        Status = status,
        Type = TypeFor(status),
        Title = TitleFor(status),
        Detail = detail,
    };

    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>Fills in what the framework leaves empty, so every problem has a type, a title and a detail a person can act on.</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var request = context.HttpContext.Request;
        problem.Status = status;
        problem.Type ??= TypeFor(status);
        problem.Title ??= TitleFor(status);
        problem.Detail ??= status switch
        {
            413 => TooLarge(context.HttpContext),
            415 => SendJson,
            404 => $"There is nothing at '{request.Path}'. GET /openapi/v1.json lists every endpoint.",
            405 => $"'{request.Path}' does not accept {request.Method}.",
            400 => "The request is not valid.",
            _ => problem.Title,
        };
        problem.Extensions.Remove("exception");
    }

    /// <summary>Turns binding failures (malformed JSON, unknown or mistyped properties, wrong content type, oversized bodies) into problems that name what is wrong.</summary>
    public static ProblemDetails FromBadRequest(HttpContext context, BadHttpRequestException exception)
    {
        if (FindJsonException(exception) is { } json)
        {
            return FromJson(context.RequestServices.GetService<IRequestBodyPaths>(), json);
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => Create(415, SendJson),
            StatusCodes.Status413PayloadTooLarge => Create(413, TooLarge(context)),
            StatusCodes.Status408RequestTimeout => Create(408, "The request body arrived too slowly, so the server stopped waiting for it."),
            _ => MissingBody(),
        };
    }

    /// <summary>
    /// What the serializer's refusal of a JSON body means, keyed by the JSON path it names: the wrong type, malformed JSON, not an
    /// object, a repeated or an unknown property. The same for a whole request body and for one item of a batch.
    /// </summary>
    public static ProblemDetails FromJson(IRequestBodyPaths? paths, JsonException json)
    {
        var path = JsonPath(json.Path);
        var causes = Causes(json).OfType<JsonException>().ToList();
        if (causes.Any(e => e is WrongValueException))
        {
            return path.Length == 0
                ? NotAnObject()
                : Validation("The request body has a value of the wrong type.", path, $"'{path}' {paths?.Expectation(path) ?? "has a value of the wrong type."}");
        }

        // The JSON reader's own exception, a subtype the serializer wraps: the text is not JSON (or is nested too deep).
        if (causes.Any(e => e.GetType() != typeof(JsonException)))
        {
            return Validation("The request body is not valid JSON.", path.Length == 0 ? "body" : path,
                $"Malformed JSON at line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}.");
        }

        if (path.Length == 0)
        {
            return NotAnObject();
        }

        // Well-formed JSON, no value refused: at a path the request does not have, a property it does not know; at one it has, a repeat.
        return paths?.Contains(path) == true
            ? Validation("The request body gives the same property twice.", path, $"'{path}' appears more than once.")
            : Validation("The request body has a property the API does not know.", path,
                $"'{path}' is not a property of this request. Check its spelling against GET /v1/questions.");
    }

    /// <summary>No body, or the JSON <c>null</c>, where a JSON object is required.</summary>
    public static ProblemDetails MissingBody() =>
        Validation("The request body is missing or is not valid JSON.", "body", "A JSON object is required.");

    /// <summary>Names the endpoint's own limit (its <see cref="IRequestSizeLimitMetadata"/>) when it has one.</summary>
    private static string TooLarge(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } endpoint
        && endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit
            ? $"The request body is larger than this endpoint accepts ({limit / 1024} KiB for {context.Request.Method} {route})."
            : "The request body is larger than this endpoint accepts.";

    private static ProblemDetails NotAnObject() =>
        Validation("The request body must be a single JSON object.", "body", "The body is not a JSON object.");

    /// <summary>A 400 problem whose <c>errors</c> name one JSON path (or <c>body</c>) and what is wrong there.</summary>
    public static HttpValidationProblemDetails Validation(string detail, string key, string message) => new(
        new Dictionary<string, string[]> { [key] = [message] })
    {
        Status = 400,
        Type = TypeFor(400),
        Title = "One or more validation errors occurred.",
        Detail = detail,
    };

    private static JsonException? FindJsonException(Exception? exception) => Causes(exception).OfType<JsonException>().FirstOrDefault();

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    /// <summary>"$.redFlags.saddleAnesthesia" becomes "redFlags.saddleAnesthesia", the key clients see in <c>errors</c>.</summary>
    internal static string JsonPath(string? path) =>
        path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>
/// A request value BackCare's converters refused: the wrong JSON type, <c>null</c>, a name that is not an answer, a number that is not
/// a whole number in range of its type. Problems are told apart by this type and by the path, never by the message's wording.
/// </summary>
public sealed class WrongValueException(string message, string? path = null, Exception? inner = null) : JsonException(message, path, null, null, inner);

/// <summary>What a problem may say of a JSON request body's paths: which the request has, and what the value at each must be.</summary>
public interface IRequestBodyPaths
{
    bool Contains(string path);

    string Expectation(string path);
}

/// <summary>
/// Writes a problem as <c>application/problem+json</c> whatever the <c>Accept</c> header says. The framework's writer answers only a
/// client that accepts JSON; without this one a client that asks for XML or HTML would get an empty 500 or a text/plain status line.
/// </summary>
internal sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeInfo, "application/problem+json", http.RequestAborted));
    }
}
