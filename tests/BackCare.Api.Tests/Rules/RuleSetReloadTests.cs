using System.Net;
using System.Text.Json.Nodes;
using BackCare.Api.Rules;
using BackCare.Api.Tests.Assessments;
using BackCare.Api.Tests.Hosting;
using BackCare.Rules.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BackCare.Api.Tests.Rules;

/// <summary>A changed rule folder is reloaded without a restart: a valid set swaps in whole, an invalid one is logged and ignored.</summary>
[Collection("api")]
public sealed class RuleSetReloadTests(ApiFactory factory)
{
    private static readonly string ProviderCategory = typeof(RuleSetProvider).FullName!;

    [Fact]
    public async Task A_valid_change_is_served_without_a_restart_under_a_new_hash()
    {
        using var files = new RuleFiles();
        var client = factory.WithWebHostBuilder(b => b.UseSetting("Rules:Directory", files.Path)).CreateClient();
        var before = await client.AssessAsync(Answers.NothingWrong().With("pain.durationDays", 25));

        files.Edit(w =>
        {
            w["version"] = "1.0.1";
            w["thresholds"]!["chronicPainDays"] = 30;
        });
        await WaitForVersionAsync(client, "1.0.1");
        var after = await client.AssessAsync(Answers.NothingWrong().With("pain.durationDays", 25));

        Assert.Equal(["RF-CHRONIC"], before.FiredRuleIds());
        Assert.Empty(after.FiredRuleIds());
        Assert.Equal("1.0.1", after["ruleset"]!["version"]!.GetValue<string>());
        Assert.NotEqual(Sha256(before), Sha256(after));
        Assert.Equal((await files.LoadAsync()).Sha256, Sha256(after));
    }

    [Fact]
    public async Task An_invalid_change_is_logged_and_the_last_good_set_keeps_serving_until_a_valid_one_arrives()
    {
        using var files = new RuleFiles();
        var logs = new CapturedLogs();
        var client = logs.Attach(factory, b => b.UseSetting("Rules:Directory", files.Path)).CreateClient();
        var good = await client.AssessAsync(Answers.NothingWrong());

        files.EditRule("CA-DISC", r => r["grade"] = "severe");
        var rejected = await logs.WaitForAsync(e => e.Category == ProviderCategory && e.Level == LogLevel.Critical);
        var kept = await logs.WaitForAsync(e => e.Category == ProviderCategory && e.Message.StartsWith("Still serving", StringComparison.Ordinal));
        var during = await client.AssessAsync(Answers.NothingWrong().With("conditions.discProblem", "yes"));
        var ready = await client.GetAsync("/health/ready");

        Assert.Contains("CA-DISC", rejected.Message, StringComparison.Ordinal);
        Assert.Equal($"Still serving rule set 1.0.0, sha256 {Sha256(good)}", kept.Message);
        Assert.Equal(Sha256(good), Sha256(during));
        Assert.Equal(["CA-DISC"], during.FiredRuleIds());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        files.EditRule("CA-DISC", r => r["grade"] = "caution").Edit(w => w["version"] = "1.0.2");
        await WaitForVersionAsync(client, "1.0.2");
        var fixedAgain = await client.AssessAsync(Answers.NothingWrong());

        Assert.Equal((await files.LoadAsync()).Sha256, Sha256(fixedAgain));
        Assert.NotEqual(Sha256(good), Sha256(fixedAgain));
    }

    [Fact]
    public async Task A_burst_of_writes_is_loaded_once_it_settles_not_once_per_write()
    {
        using var files = new RuleFiles();
        var logs = new CapturedLogs();
        var client = logs.Attach(factory, b => b.UseSetting("Rules:Directory", files.Path)).CreateClient();
        await client.GetAsync("/health/ready");

        for (var i = 0; i < 20; i++)
        {
            files.Edit(w => w["version"] = $"2.0.{i}");
        }

        await WaitForVersionAsync(client, "2.0.19");
        await Task.Delay(RuleSetReload.Debounce * 3);

        var loads = logs.Entries.Count(e => e.Category == ProviderCategory && e.Values.TryGetValue("Version", out var v) && $"{v}".StartsWith("2.0.", StringComparison.Ordinal));
        // Each write raises one or more change events; without the debounce each would load the whole set again.
        Assert.InRange(loads, 1, 3);
    }

    private static string Sha256(JsonObject assessment) => assessment["ruleset"]!["sha256"]!.GetValue<string>();

    /// <summary>Polls readiness until it reports <paramref name="version"/>: reloads are asynchronous by design.</summary>
    internal static async Task WaitForVersionAsync(HttpClient client, string version)
    {
        string? seen = null;
        for (var i = 0; i < 150; i++)
        {
            var ready = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;
            seen = ready["checks"]!["rules"]!["version"]?.GetValue<string>();
            if (seen == version)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Readiness still reports rule set {seen}, not {version}, after 15 s.");
    }
}
