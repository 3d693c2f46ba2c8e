using System.Text;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// At the socket, as any client can send them: a body over the 16 KiB limit, declared or chunked, is a 413 problem the client gets
/// to read; a body that is not UTF-8 JSON is a 415 problem.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class BodyLimitTests(PublishedApp published)
{
    private const int Timeout = 120_000;
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(15);

    /// <summary>Valid answers padded with whitespace to 17 KiB: too large, not malformed.</summary>
    private static byte[] Oversized()
    {
        var body = Encoding.UTF8.GetBytes(Calls.DiscProblem.Insert(1, new string(' ', 17 * 1024 - Calls.DiscProblem.Length)));
        Assert.Equal(17 * 1024, body.Length);
        return body;
    }

    [Fact(Timeout = Timeout)]
    public async Task A_body_declared_as_17_KiB_is_a_413_problem()
    {
        var app = await published.Plain;

        var response = await RawHttp.SendAsync(app.Port,
            RawHttp.Request("POST", "/v1/assessments", ["Content-Type: application/json"], Oversized()), Answer);

        response.ReadProblem(413, "Content Too Large");
    }

    [Fact(Timeout = Timeout)]
    public async Task A_chunked_body_of_17_KiB_is_a_413_problem()
    {
        var app = await published.Plain;

        var response = await RawHttp.SendAsync(app.Port,
            RawHttp.Request("POST", "/v1/assessments", ["Content-Type: application/json", "Transfer-Encoding: chunked"],
                RawHttp.Chunked(Oversized(), 4096), contentLength: false), Answer);

        response.ReadProblem(413, "Content Too Large");
    }

    [Theory(Timeout = Timeout)]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_body_that_is_not_UTF_8_JSON_is_a_415_problem(string contentType)
    {
        var app = await published.Plain;

        var response = await RawHttp.SendAsync(app.Port,
            RawHttp.Request("POST", "/v1/assessments", [$"Content-Type: {contentType}"], Encoding.UTF8.GetBytes(Calls.DiscProblem)), Answer);

        response.ReadProblem(415, "Unsupported Media Type");
    }
}
