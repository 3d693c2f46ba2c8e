using System.Text.RegularExpressions;

namespace BackCare.Deploy.Tests;

/// <summary>Every setting the manifests give the app is one it reads, and the documented ones are in README.md's configuration table.</summary>
public partial class ConfigurationKeysTests
{
    /// <summary>Settings the manifests set that README.md's Configuration table documents (as the environment variable, in backticks).</summary>
    private static readonly string[] Documented =
    [
        "ASPNETCORE_ENVIRONMENT",
        "ASPNETCORE_HTTP_PORTS",
        "Auth__ApiKeys__0",
        "RateLimit__PermitsPerMinute",
        "ForwardedHeaders__KnownNetworks__0",
        "RateLimit__Store",
        "Shutdown__TimeoutSeconds",
        "ConnectionStrings__Redis",
    ];

    /// <summary>Each setting the manifests set, with the file that sets it: the Deployment's env, the ConfigMap and Secret, the overlay's patch.</summary>
    public static TheoryData<string, string> Settings()
    {
        var data = new TheoryData<string, string>();
        foreach (var (key, file) in Set())
        {
            data.Add(key, file);
        }

        return data;
    }

    private static List<(string Key, string File)> Set()
    {
        var data = new List<(string Key, string File)>();
        foreach (var env in Assert.Single(Manifests.Load<V1Deployment>("base/deployment.yaml").Spec.Template.Spec.Containers).Env)
        {
            data.Add((env.Name, "base/deployment.yaml"));
        }

        foreach (var file in new[] { "base/configmap.yaml", "overlays/redis/configmap-patch.yaml" })
        {
            foreach (var key in Manifests.Load<V1ConfigMap>(file).Data.Keys)
            {
                data.Add((key, file));
            }
        }

        foreach (var key in Manifests.Load<V1Secret>("base/secret.yaml").StringData.Keys)
        {
            data.Add((key, "base/secret.yaml"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Each_setting_is_one_the_app_reads(string key, string file)
    {
        Assert.True(Documented.Contains(key),
            $"{file} sets {key}, which is not among the settings the app reads: a typo, or a setting the app does not read.");
        Assert.True(ReadmeSettings.Contains(key), $"{key} ({file}) is not in README.md's Configuration table.");
    }

    [Fact]
    public void The_lists_name_only_settings_the_manifests_set()
    {
        var set = Set().Select(s => s.Key).ToHashSet();
        Assert.All(Documented, key => Assert.Contains(key, set));
    }

    [Fact]
    public void The_values_are_ones_the_app_takes()
    {
        var config = Manifests.Load<V1ConfigMap>("base/configmap.yaml").Data;
        var redis = Manifests.Load<V1ConfigMap>("overlays/redis/configmap-patch.yaml").Data;

        Assert.Equal("Production", config["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("600", config["RateLimit__PermitsPerMinute"]);
        Assert.Equal("Memory", config["RateLimit__Store"]);
        Assert.Equal("Redis", redis["RateLimit__Store"]);
        Assert.Equal("20", config["Shutdown__TimeoutSeconds"]);
        Assert.True(System.Net.IPNetwork.TryParse(config["ForwardedHeaders__KnownNetworks__0"], out _), "ForwardedHeaders__KnownNetworks__0 is not a CIDR.");
        Assert.DoesNotContain(config.Keys, k => k.StartsWith("ASPNETCORE_FORWARDEDHEADERS", StringComparison.Ordinal));

        var secret = Manifests.Load<V1Secret>("base/secret.yaml");
        Assert.Equal("Opaque", secret.Type);
        Assert.Null(secret.Data);
        Assert.All(secret.StringData.Values, value => Assert.False(string.IsNullOrWhiteSpace(value), "An empty API key stops the app at start-up."));
    }

    /// <summary>The backticked names in the rows of README.md's Configuration table.</summary>
    private static readonly HashSet<string> ReadmeSettings = ReadSettings();

    private static HashSet<string> ReadSettings()
    {
        var lines = Repository.Read("README.md").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "### Configuration");
        Assert.True(start >= 0, "README.md has no '### Configuration' section.");
        var rows = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.StartsWith('|'));
        var names = rows.SelectMany(row => Backticked().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);
        return names;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
