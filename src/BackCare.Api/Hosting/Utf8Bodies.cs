using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BackCare.Api.Hosting;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259, section 8.1). A body labelled with another charset is a 415 problem; a quoted
/// or redundant <c>charset=utf-8</c> is dropped, because the framework's JSON reader fails on charsets it cannot look up.
/// </summary>
public static class Utf8Bodies
{
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media) && media.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(media.Charset);
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                    "Send the request body as UTF-8 JSON with 'Content-Type: application/json'; no other charset is accepted.");
            }

            media.Charset = StringSegment.Empty;
            context.Request.ContentType = media.ToString();
        }

        return next(context);
    });
}
