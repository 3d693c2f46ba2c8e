using System.Net;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// API keys configured through the environment (Auth__ApiKeys__0 and __1): /v1 needs one of them in X-Api-Key.
/// </summary>
/// <remarks>
/// The operated app allows <see cref="PublishedApp.PermitsPerMinute"/> requests a minute per key and per address: key A is used at
/// most 7 times in the whole run (3 here, 1 in the log test, 1 by the rate-limit test, 2 by the reload tests), key B only by the
/// rate-limit test, and requests without a valid key (counted against 127.0.0.1) 3 times.
/// </remarks>
[Collection(PublishedAppCollection.Name)]
public sealed class ApiKeyTests(PublishedApp published)
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task Without_a_key_v1_is_a_401_problem_naming_the_X_Api_Key_header()
    {
        var app = await published.Operated;

        var response = await app.GetAsync("v1/exercises");

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("X-Api-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["ApiKey header=\"X-Api-Key\""], response.Headers.GetValues("WWW-Authenticate"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact(Timeout = Timeout)]
    public async Task With_a_wrong_key_v1_is_a_401_problem()
    {
        var app = await published.Operated;

        var response = await app.AssessAsync($"not-{published.KeyA}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("X-Api-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["ApiKey header=\"X-Api-Key\""], response.Headers.GetValues("WWW-Authenticate"));
    }

    [Fact(Timeout = Timeout)]
    public async Task With_a_configured_key_v1_answers()
    {
        var app = await published.Operated;

        var exercises = await (await app.GetAsync("v1/exercises", published.KeyA)).ReadJsonAsync();
        var rule = await (await app.GetAsync("v1/rules/CA-DISC", published.KeyA)).ReadJsonAsync();
        var response = await app.AssessAsync(published.KeyA);
        var assessment = await response.ReadJsonAsync();

        Assert.Contains("double-knee-to-chest", exercises.Ids());
        Assert.Equal("CA-DISC", rule["id"]!.GetValue<string>());
        Assert.Equal("caution", assessment["grade"]!.GetValue<string>());
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact(Timeout = Timeout)]
    public async Task The_keys_never_appear_in_the_app_output()
    {
        var app = await published.Operated;
        var wrong = $"wrong-{Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("v1/questions", published.KeyA)).StatusCode);
        var refused = await (await app.GetAsync("v1/questions", wrong)).ReadProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        // The request log writes one line per request, in order, with the trace id the problem carries: once the refused request's
        // line is out, so is the accepted one's.
        await app.WaitForLineAsync(refused["traceId"]!.GetValue<string>(), 0, TimeSpan.FromSeconds(10));

        var output = app.Lines();
        Assert.NotEmpty(output);
        foreach (var secret in new[] { published.KeyA, published.KeyB, wrong })
        {
            Assert.DoesNotContain(output, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
