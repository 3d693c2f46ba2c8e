using System.Diagnostics;

namespace BackCare.Api.Hosting;

/// <summary>
/// One structured line per request: method, route pattern, status, duration and, for an assessment, the grade.
/// Never the path's values, the query, the headers or the body: a person's answers must not reach the logs.
/// </summary>
public static partial class RequestLog
{
    private static readonly object GradeKey = new();

    /// <summary>Writes the line once the response is complete, so it carries the final status even when the exception handler wrote it.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLog).FullName!);
        return app.Use((context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            // The id problem documents carry as traceId, so an operator can find the line a caller quotes.
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            context.Response.OnCompleted(() =>
            {
                // A group's own route ("/v1/exercises" and "") is joined with a slash at the end.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } raw
                    ? raw.Length > 1 ? raw.TrimEnd('/') : raw
                    : "(no route)";
                var durationMs = Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 2);
                if (context.Items.TryGetValue(GradeKey, out var grade))
                {
                    LogAssessment(logger, context.Request.Method, route, context.Response.StatusCode, durationMs, (string)grade!, traceId);
                }
                else
                {
                    LogRequest(logger, context.Request.Method, route, context.Response.StatusCode, durationMs, traceId);
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>The grade an assessment endpoint answered, for its request line.</summary>
    public static void SetGrade(HttpContext context, string grade) => context.Items[GradeKey] = grade;

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} {StatusCode} in {DurationMs} ms, trace {TraceId}")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs, string traceId);

    [LoggerMessage(EventId = 2, EventName = "Assessment", Level = LogLevel.Information,
        Message = "{Method} {Route} {StatusCode} in {DurationMs} ms, grade {Grade}, trace {TraceId}")]
    private static partial void LogAssessment(ILogger logger, string method, string route, int statusCode, double durationMs, string grade, string traceId);
}
