namespace BackCare.Api.Hosting;

/// <summary>
/// HEAD is GET without the body (RFC 9110, 9.3.2), and minimal APIs route only the methods they are mapped with. Routing a HEAD as
/// the GET it stands for answers it for every GET resource, with the same status and headers; Kestrel, which still knows the request
/// was a HEAD, sends no body. Mapping HEAD beside every GET instead would put a second operation per resource in the OpenAPI document.
/// </summary>
public static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            // The request log and anything after the endpoint see the method the client sent.
            context.Request.Method = HttpMethods.Head;
        }
    });
}
