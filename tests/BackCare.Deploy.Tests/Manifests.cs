using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BackCare.Deploy.Tests;

/// <summary>
/// The YAML files under deploy/k8s: each holds one document, either a kustomization (<see cref="Kustomization"/>) or one
/// Kubernetes resource, deserialized strictly (an unknown or misspelt field throws) as the client library's type for its
/// apiVersion and kind. A kind missing from <see cref="Types"/> throws too: a new kind of resource needs its type here.
/// </summary>
internal static class Manifests
{
    public static readonly string Folder = Repository.PathOf("deploy", "k8s");

    /// <summary>"apiVersion/kind", as kubectl and the client library name them, to a strict parser of that type.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, IKubernetesObject>> Types = new Dictionary<string, Func<string, IKubernetesObject>>
    {
        ["apps/v1/Deployment"] = Strict<V1Deployment>,
        ["v1/Service"] = Strict<V1Service>,
        ["autoscaling/v2/HorizontalPodAutoscaler"] = Strict<V2HorizontalPodAutoscaler>,
        ["policy/v1/PodDisruptionBudget"] = Strict<V1PodDisruptionBudget>,
        ["networking.k8s.io/v1/NetworkPolicy"] = Strict<V1NetworkPolicy>,
        ["networking.k8s.io/v1/Ingress"] = Strict<V1Ingress>,
        ["v1/ConfigMap"] = Strict<V1ConfigMap>,
        ["v1/Secret"] = Strict<V1Secret>,
    };

    /// <summary>Every .yaml or .yml file under deploy/k8s, in a stable order.</summary>
    public static IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>"apiVersion/kind" of a YAML document, read leniently (only those two fields matter here).</summary>
    public static string KindOf(string yaml)
    {
        var head = KubernetesYaml.Deserialize<KubernetesObject>(yaml);
        return $"{head.ApiVersion}/{head.Kind}";
    }

    public static bool IsKustomization(string yaml) => KindOf(yaml) == Kustomization.ApiVersionAndKind;

    /// <summary>The one resource in a YAML text, as its type; throws for an unknown kind or field.</summary>
    public static IKubernetesObject Parse(string yaml, string source = "YAML")
    {
        var kind = KindOf(yaml);
        if (!Types.TryGetValue(kind, out var parse))
        {
            throw new InvalidDataException($"{source} is a {kind}, which none of the types in Manifests.Types is: add its type, or fix its apiVersion or kind.");
        }

        return parse(yaml);
    }

    /// <summary>The resource in a file under deploy/k8s ("base/deployment.yaml"), as the type expected.</summary>
    public static T Load<T>(string relative) where T : IKubernetesObject
    {
        var path = Path.Combine(Folder, relative);
        return Assert.IsType<T>(Parse(File.ReadAllText(path), Repository.Relative(path)));
    }

    /// <summary>How many YAML documents a text holds (a file is one resource, so one).</summary>
    public static int DocumentCount(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var count = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is DocumentStart)
            {
                count++;
            }
        }

        return count;
    }

    private static IKubernetesObject Strict<T>(string yaml) where T : IKubernetesObject => KubernetesYaml.Deserialize<T>(yaml, strict: true);
}
