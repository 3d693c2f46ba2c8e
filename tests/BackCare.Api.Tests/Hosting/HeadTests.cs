using System.Net;

namespace BackCare.Api.Tests.Hosting;

/// <summary>HEAD on a GET resource answers as GET does, without the body (on real Kestrel sockets, which drop the body of a HEAD answer).</summary>
[Collection("api")]
public sealed class HeadTests(KestrelApiFactory kestrel) : IClassFixture<KestrelApiFactory>
{
    [Theory]
    [InlineData("/v1/exercises")]
    [InlineData("/v1/exercises/double-knee-to-chest")]
    [InlineData("/v1/questions")]
    [InlineData("/v1/rules")]
    [InlineData("/v1/rules/CA-DISC")]
    [InlineData("/v1/ruleset")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Head_answers_as_get_does_without_a_body(string path)
    {
        using var client = new HttpClient { BaseAddress = kestrel.Address };

        var get = await client.GetAsync(path);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_an_unknown_exercise_is_a_404_as_get_is()
    {
        using var client = new HttpClient { BaseAddress = kestrel.Address };

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/exercises/no-such-exercise"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(ProblemResponse.MediaType, head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Head_where_only_post_is_served_is_a_405_naming_post()
    {
        using var client = new HttpClient { BaseAddress = kestrel.Address };

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/assessments"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal(["POST"], head.Content.Headers.Allow);
    }
}
