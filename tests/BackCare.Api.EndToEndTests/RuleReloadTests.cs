using System.Text.RegularExpressions;

namespace BackCare.Api.EndToEndTests;

/// <summary>
/// The operated app's own copy of the rule files, reloaded on SIGHUP (Rules__ReloadOnChange=false): a valid change is swapped in
/// under its new sha256, an invalid one is logged as rejected and the last good set keeps serving.
/// </summary>
/// <remarks>
/// Each test writes triage.json whole (the valid one from the published copy), so neither depends on the other having run first.
/// </remarks>
[Collection(PublishedAppCollection.Name)]
public sealed partial class RuleReloadTests(PublishedApp published)
{
    private const string NewVersion = "9.9.9-e2e";
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    [GeneratedRegex("\"version\": *\"[^\"]*\"")]
    private static partial Regex Version();

    private string TriageJson(AppProcess app) => Path.Combine(app.WorkingDirectory, "rules", "triage.json");

    [Fact(Timeout = 120_000)]
    public async Task SIGHUP_swaps_in_a_valid_change_and_answers_carry_its_sha256_and_version()
    {
        var app = await published.Operated;
        var before = await app.RuleSetAsync();
        Assert.NotEqual(NewVersion, before.Version);
        var shipped = await File.ReadAllTextAsync(Path.Combine(published.Directory, "rules", "triage.json"));
        var changed = Version().Replace(shipped, $"\"version\": \"{NewVersion}\"", 1);
        Assert.NotEqual(shipped, changed);
        await File.WriteAllTextAsync(TriageJson(app), changed);

        app.HangUp();

        var after = await WaitForVersionAsync(app, NewVersion);
        Assert.NotEqual(before.Sha256, after.Sha256);
        Assert.Equal(after, await app.AssessedRuleSetAsync(published.KeyA));
    }

    [Fact(Timeout = 120_000)]
    public async Task SIGHUP_with_an_invalid_change_is_logged_as_rejected_and_the_last_good_set_keeps_serving()
    {
        var app = await published.Operated;
        var before = await app.RuleSetAsync();
        var rejected = app.CountLines("rejected");
        await File.WriteAllTextAsync(TriageJson(app), """{ "version": "10.0.0", "rules": {""");

        app.HangUp();

        await app.WaitForLineAsync("rejected", rejected, ReloadTimeout);
        Assert.Equal(before, await app.RuleSetAsync());
        Assert.Equal(before.Sha256, (await app.AssessedRuleSetAsync(published.KeyA)).Sha256);
    }

    private static async Task<(string Version, string Sha256)> WaitForVersionAsync(AppProcess app, string version)
    {
        var deadline = DateTime.UtcNow + ReloadTimeout;
        while (true)
        {
            var now = await app.RuleSetAsync();
            if (now.Version == version)
            {
                return now;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Readiness still reports rule set {now.Version} {ReloadTimeout.TotalSeconds} s after SIGHUP, not {version}. The app's last output:\n{app.Tail()}");
            await Task.Delay(200);
        }
    }
}
