using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BackCare.Deploy.Tests;

/// <summary>
/// A kustomization.yaml, read strictly: a field not declared here (a typo such as <c>resource:</c>) throws. Only the fields
/// deploy/k8s uses, and the two an operator's overlay adds first (namespace, images); declare others when they are used.
/// </summary>
internal sealed class Kustomization
{
    public const string ApiVersionAndKind = "kustomize.config.k8s.io/v1beta1/Kustomization";
    public const string FileName = "kustomization.yaml";

    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Namespace { get; set; }
    public List<LabelSet> Labels { get; set; } = [];
    public List<string> Resources { get; set; } = [];
    public List<PatchFile> Patches { get; set; } = [];
    public List<Image> Images { get; set; } = [];

    public sealed class LabelSet
    {
        public Dictionary<string, string> Pairs { get; set; } = [];
        public bool IncludeSelectors { get; set; }
        public bool IncludeTemplates { get; set; }
    }

    /// <summary>A patch from a file; the resource it patches is the one of the file's kind and name.</summary>
    public sealed class PatchFile
    {
        public string Path { get; set; } = "";
    }

    public sealed class Image
    {
        public string Name { get; set; } = "";
        public string? NewName { get; set; }
        public string? NewTag { get; set; }
    }

    public static Kustomization Load(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Repository.Relative(directory)} is named as a kustomization but has no {FileName}.", path);
        }

        var kustomization = Reader.Deserialize<Kustomization>(File.ReadAllText(path));
        var kind = $"{kustomization.ApiVersion}/{kustomization.Kind}";
        return kind == ApiVersionAndKind ? kustomization : throw new InvalidDataException($"{Repository.Relative(path)} is a {kind}, not a {ApiVersionAndKind}.");
    }

    /// <summary>
    /// What <c>kubectl kustomize</c> would build from a folder, as far as files go: every resource path (a file, or a folder with
    /// its own kustomization, followed), every patch file, each patch's target among the resources, and no resource twice.
    /// Throws saying which path or target is wrong.
    /// </summary>
    public static Resolved Resolve(string directory)
    {
        var kustomization = Load(directory);
        var resources = new List<(string File, IKubernetesObject Resource)>();
        var used = new List<string> { System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, FileName)) };
        foreach (var entry in kustomization.Resources)
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, entry));
            if (Directory.Exists(path))
            {
                resources.AddRange(Resolve(path).Resources);
            }
            else if (File.Exists(path))
            {
                resources.Add((Repository.Relative(path), Manifests.Parse(File.ReadAllText(path), Repository.Relative(path))));
                used.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"{Repository.Relative(directory)}/{FileName} lists resource '{entry}', which does not exist.", path);
            }
        }

        var duplicate = resources.GroupBy(r => Key(r.Resource)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{duplicate.Key} is defined more than once: {string.Join(", ", duplicate.Select(r => r.File))}.");
        }

        foreach (var patch in kustomization.Patches)
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, patch.Path));
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{Repository.Relative(directory)}/{FileName} lists patch '{patch.Path}', which does not exist.", path);
            }

            var target = Key(Manifests.Parse(File.ReadAllText(path), Repository.Relative(path)));
            if (!resources.Any(r => Key(r.Resource) == target))
            {
                throw new InvalidDataException($"{Repository.Relative(path)} patches {target}, which {Repository.Relative(directory)} does not have.");
            }

            used.Add(path);
        }

        return new Resolved(kustomization, resources, used);
    }

    /// <summary>apiVersion/kind/name: what identifies a resource in one namespace.</summary>
    public static string Key(IKubernetesObject resource) =>
        $"{resource.ApiVersion}/{resource.Kind}/{(resource as IMetadata<V1ObjectMeta>)?.Metadata?.Name}";

    /// <summary>The resources a kustomization builds, and the files in its own folder that it uses (itself, resources, patches).</summary>
    public sealed record Resolved(Kustomization Kustomization, IReadOnlyList<(string File, IKubernetesObject Resource)> Resources, IReadOnlyList<string> FilesUsed)
    {
        public T Single<T>(string name) where T : IKubernetesObject, IMetadata<V1ObjectMeta> =>
            Assert.Single(Resources.Select(r => r.Resource).OfType<T>(), r => r.Metadata.Name == name);
    }
}
