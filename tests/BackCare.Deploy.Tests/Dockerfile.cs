using System.Text.RegularExpressions;

namespace BackCare.Deploy.Tests;

/// <summary>What the repository's Dockerfile says about the image: its tag (the header comment's build command) and its runtime stage.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        Tag = HeaderTag().Match(lines[0]) is { Success: true } match ? match.Groups[1].Value
            : throw new InvalidDataException($"The Dockerfile's first line names no 'docker build -t <tag>': {lines[0]}");

        // The runtime stage: from the last FROM on.
        var from = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var stage = lines.Skip(from).ToList();
        RuntimeImage = stage[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Env = stage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        Exposed = [.. stage.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).SelectMany(l => l[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries))];
        User = stage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal))?[5..].Trim();
    }

    public static Dockerfile Shipped { get; } = new(Repository.Read("Dockerfile"));

    /// <summary>The image as the header comment builds it, e.g. backcare-api:1.0.0.</summary>
    public string Tag { get; }

    public string RuntimeImage { get; }
    public IReadOnlyDictionary<string, string> Env { get; }
    public IReadOnlyList<string> Exposed { get; }
    public string? User { get; }

    [GeneratedRegex(@"docker build -t (\S+)")]
    private static partial Regex HeaderTag();
}
