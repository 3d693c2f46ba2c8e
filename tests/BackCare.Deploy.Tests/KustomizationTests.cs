using YamlDotNet.Core;

namespace BackCare.Deploy.Tests;

/// <summary>
/// The kustomizations resolve without kubectl: every resource and patch they name exists and parses, each patch has its target,
/// no resource is defined twice, and no manifest in their folders is left out. (.ci/run also builds them with kubectl kustomize
/// where kubectl is installed.)
/// </summary>
public sealed class KustomizationTests : IDisposable
{
    private static readonly string Base = Path.Combine(Manifests.Folder, "base");
    private static readonly string Redis = Path.Combine(Manifests.Folder, "overlays", "redis");

    private readonly string scratch = Path.Combine(Path.GetTempPath(), "backcare-k8s-" + Guid.NewGuid().ToString("N"));

    private static readonly string[] Folders = ["base", "overlays/redis"];

    public static TheoryData<string> Kustomizations() => [.. Folders];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void It_resolves_and_uses_every_manifest_in_its_folder(string folder)
    {
        var directory = Path.Combine(Manifests.Folder, folder);
        var resolved = Kustomization.Resolve(directory);

        var inFolder = Directory.EnumerateFiles(directory, "*.y*ml").Select(Path.GetFullPath).Order(StringComparer.Ordinal);
        Assert.Equal(inFolder, resolved.FilesUsed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_manifest_under_deploy_k8s_is_in_a_kustomization()
    {
        var used = Folders.SelectMany(folder => Kustomization.Resolve(Path.Combine(Manifests.Folder, folder)).FilesUsed).ToHashSet();

        Assert.All(Manifests.Files(), file => Assert.True(used.Contains(file), $"{Repository.Relative(file)} is in no kustomization."));
    }

    [Fact]
    public void The_redis_overlay_is_the_base_plus_redis()
    {
        var baseKeys = Kustomization.Resolve(Base).Resources.Select(r => Kustomization.Key(r.Resource)).ToHashSet();
        var overlay = Kustomization.Resolve(Redis);
        var added = overlay.Resources.Select(r => Kustomization.Key(r.Resource)).Where(k => !baseKeys.Contains(k)).Order(StringComparer.Ordinal);

        Assert.Equal(["apps/v1/Deployment/backcare-redis", "networking.k8s.io/v1/NetworkPolicy/backcare-redis", "v1/Service/backcare-redis"], added);
        Assert.Equal(["../../base"], overlay.Kustomization.Resources.Take(1));
        Assert.Equal(["configmap-patch.yaml"], overlay.Kustomization.Patches.Select(p => p.Path));
    }

    [Fact]
    public void A_missing_resource_fails()
    {
        Write(Kustomization.FileName, Header + "resources:\n  - service.yaml\n  - missing.yaml\n");
        Write("service.yaml", File.ReadAllText(Path.Combine(Base, "service.yaml")));

        var error = Assert.Throws<FileNotFoundException>(() => Kustomization.Resolve(scratch));
        Assert.Contains("missing.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patch_without_its_target_fails()
    {
        Write(Kustomization.FileName, Header + "resources:\n  - service.yaml\npatches:\n  - path: configmap-patch.yaml\n");
        Write("service.yaml", File.ReadAllText(Path.Combine(Base, "service.yaml")));
        Write("configmap-patch.yaml", File.ReadAllText(Path.Combine(Redis, "configmap-patch.yaml")));

        var error = Assert.Throws<InvalidDataException>(() => Kustomization.Resolve(scratch));
        Assert.Contains("v1/ConfigMap/backcare-config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_kustomization_field_fails()
    {
        Write(Kustomization.FileName, File.ReadAllText(Path.Combine(Base, Kustomization.FileName)).Replace("resources:", "resource:", StringComparison.Ordinal));

        Assert.ThrowsAny<YamlException>(() => Kustomization.Load(scratch));
    }

    public void Dispose()
    {
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private const string Header = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    private void Write(string name, string text)
    {
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, name), text);
    }
}
