using YamlDotNet.Core;

namespace BackCare.Deploy.Tests;

/// <summary>Every manifest is one resource of a known kind whose every field the Kubernetes API has, spelt as it spells it.</summary>
public class ManifestSchemaTests
{
    private static IReadOnlyList<string> Relative() => [.. Manifests.Files().Select(f => Path.GetRelativePath(Manifests.Folder, f).Replace('\\', '/'))];

    public static TheoryData<string> YamlFiles() => [.. Relative()];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Each_file_is_one_kustomization_or_one_resource_that_deserializes_strictly_as_its_type(string file)
    {
        var path = Path.Combine(Manifests.Folder, file);
        var yaml = File.ReadAllText(path);

        Assert.Equal(1, Manifests.DocumentCount(yaml));
        if (Manifests.IsKustomization(yaml))
        {
            Assert.Equal(Kustomization.FileName, Path.GetFileName(path));
            Kustomization.Load(Path.GetDirectoryName(path)!);
            return;
        }

        var resource = Manifests.Parse(yaml, file);
        var metadata = Assert.IsAssignableFrom<IMetadata<V1ObjectMeta>>(resource).Metadata;
        Assert.False(string.IsNullOrEmpty(metadata?.Name), $"{file} has no metadata.name.");
    }

    [Fact]
    public void There_are_manifests_to_check()
    {
        var files = Relative();
        Assert.Contains("base/kustomization.yaml", files);
        Assert.Contains("overlays/redis/kustomization.yaml", files);
        Assert.True(files.Count >= 10, $"Only {files.Count} YAML files under deploy/k8s.");
    }

    [Fact]
    public void The_base_has_each_kind_the_app_needs_once()
    {
        var kinds = Kustomization.Resolve(Path.Combine(Manifests.Folder, "base")).Resources.Select(r => $"{r.Resource.ApiVersion}/{r.Resource.Kind}").Order(StringComparer.Ordinal);

        Assert.Equal(Manifests.Types.Keys.Order(StringComparer.Ordinal), kinds);
    }

    [Fact]
    public void A_misspelt_field_fails_strict_deserialization_though_a_lenient_read_would_drop_it()
    {
        var yaml = Read("base/deployment.yaml");
        foreach (var (field, typo) in new[] { ("readinessProbe:", "readinesProbe:"), ("containerPort:", "containerPrt:"), ("runAsNonRoot:", "runAsNonroot:") })
        {
            Assert.Contains(field, yaml, StringComparison.Ordinal);
            var misspelt = yaml.Replace(field, typo, StringComparison.Ordinal);

            Assert.NotNull(KubernetesYaml.Deserialize<V1Deployment>(misspelt));
            var error = Assert.ThrowsAny<YamlException>(() => Manifests.Parse(misspelt));
            Assert.Contains(typo.TrimEnd(':'), error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_field_of_the_wrong_type_fails_strict_deserialization()
    {
        var yaml = Read("base/hpa.yaml").Replace("minReplicas: 2", "minReplicas: two", StringComparison.Ordinal);

        Assert.ThrowsAny<YamlException>(() => Manifests.Parse(yaml));
    }

    [Theory]
    [InlineData("kind: Deployment", "kind: StatefulSet")]
    [InlineData("kind: Deployment", "kind: Deploymnet")]
    [InlineData("apiVersion: apps/v1", "apiVersion: apps/v1beta1")]
    public void A_kind_without_a_type_here_fails(string line, string replacement)
    {
        var yaml = Read("base/deployment.yaml");
        Assert.Contains(line, yaml, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => Manifests.Parse(yaml.Replace(line, replacement, StringComparison.Ordinal), "the test's YAML"));
        Assert.Contains("Manifests.Types", error.Message, StringComparison.Ordinal);
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(Manifests.Folder, file));
}
