using System.Text;

namespace BackCare.Api.Tests.Hosting;

/// <summary>Request bodies as a client may send them: with a Content-Length or chunked, with any Content-Type, even a malformed one.</summary>
public static class Bodies
{
    public static HttpContent Json(string body, bool chunked) => Of(Encoding.UTF8.GetBytes(body), "application/json", chunked);

    public static HttpContent Of(byte[] body, string? contentType, bool chunked)
    {
        // Without a known length, HttpClient sends the body with Transfer-Encoding: chunked.
        HttpContent content = chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = null;
        if (contentType is not null)
        {
            // Unvalidated, so that malformed media types reach the server as sent.
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
