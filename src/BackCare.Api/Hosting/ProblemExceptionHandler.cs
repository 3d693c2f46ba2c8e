using Microsoft.AspNetCore.Diagnostics;

namespace BackCare.Api.Hosting;

/// <summary>Writes every exception as a problem: binding failures as the 4xx they are, anything else as a 500 without internals.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Problems.FromBadRequest(httpContext, bad),
            _ => Problems.Create(StatusCodes.Status500InternalServerError,
                "BackCare could not complete the request. No grade was produced; do not treat this as 'safe'."),
        };

        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            // Type, path and stack trace, never the message: an exception message may quote the request, and answers are never logged.
            LogUnhandled(logger, exception.GetType().FullName, httpContext.Request.Path, exception.StackTrace);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Path} at {StackTrace}")]
    private static partial void LogUnhandled(ILogger logger, string? exceptionType, string path, string? stackTrace);
}
