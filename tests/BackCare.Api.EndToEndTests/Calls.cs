using System.Text;

namespace BackCare.Api.EndToEndTests;

/// <summary>Requests to a running app, with or without an API key.</summary>
public static class Calls
{
    /// <summary>Four days of pain, no red flag, a known disc problem: graded <c>caution</c> (rule CA-DISC).</summary>
    public const string DiscProblem =
        """{"redFlags":{"bladderOrBowelControlLoss":"no","saddleAnesthesia":"no","feverOrChills":"no","unexplainedWeightLoss":"no","radiatingNumbnessTinglingOrWeakness":"no"},"conditions":{"severeOsteoporosis":"no","inflammatoryArthritis":"no","recentAcuteInjury":"no","discProblem":"yes","otherSpinalCondition":"no"},"pain":{"durationDays":4}}""";

    public static Task<HttpResponseMessage> GetAsync(this AppProcess app, string path, string? key = null) =>
        app.Client.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Get, path), key));

    public static Task<HttpResponseMessage> AssessAsync(this AppProcess app, string? key = null, string body = DiscProblem) =>
        app.Client.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, "v1/assessments")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, key));

    /// <summary>The version and sha256 of the rule set readiness reports.</summary>
    public static async Task<(string Version, string Sha256)> RuleSetAsync(this AppProcess app)
    {
        var rules = (await (await app.GetAsync("health/ready")).ReadJsonAsync())["checks"]!["rules"]!;
        return (rules["version"]!.GetValue<string>(), rules["sha256"]!.GetValue<string>());
    }

    /// <summary>The rule set an assessment says produced it.</summary>
    public static async Task<(string Version, string Sha256)> AssessedRuleSetAsync(this AppProcess app, string key)
    {
        var assessment = await (await app.AssessAsync(key)).ReadJsonAsync();
        var ruleset = assessment["ruleset"]!;
        return (ruleset["version"]!.GetValue<string>(), ruleset["sha256"]!.GetValue<string>());
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }
}
