using System.Net;

namespace BackCare.Api.EndToEndTests;

/// <summary>A rate limit configured through the environment (RateLimit__PermitsPerMinute=8), counted per API key; health is never limited.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class RateLimitTests(PublishedApp published)
{
    /// <remarks>
    /// One test, because health is checked after a key is past its limit and key B must start with a full bucket: xunit does not
    /// order tests. Key B is used nowhere else.
    /// </remarks>
    [Fact(Timeout = 120_000)]
    public async Task Past_its_limit_a_key_gets_a_429_problem_with_Retry_After_while_another_key_and_health_are_unaffected()
    {
        var app = await published.Operated;
        const int permits = PublishedApp.PermitsPerMinute;

        for (var i = 1; i <= permits; i++)
        {
            var allowed = await app.GetAsync("v1/questions", published.KeyB);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"Request {i} of {permits} with key B: {(int)allowed.StatusCode}");
        }

        var refused = await app.GetAsync("v1/questions", published.KeyB);

        await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests, "Too Many Requests");
        // One token comes back every 60/8 = 7.5 s, rounded up to whole seconds.
        Assert.Equal([$"{(60 + permits - 1) / permits}"], refused.Headers.GetValues("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("v1/exercises", published.KeyA)).StatusCode);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("health/ready")).StatusCode);
        }
    }
}
