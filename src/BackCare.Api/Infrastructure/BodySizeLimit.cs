using Microsoft.AspNetCore.Http.Metadata;

namespace BackCare.Api.Infrastructure;

/// <summary>
/// Answers 413 before reading a body whose declared length is over the endpoint's <see cref="IRequestSizeLimitMetadata"/>.
/// Kestrel enforces the same limit on bodies without a Content-Length while they are read.
/// </summary>
public static class BodySizeLimit
{
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit
            && context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next(context);
    });
}
