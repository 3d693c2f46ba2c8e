namespace BackCare.Deploy.Tests;

/// <summary>Files of the repository, found by walking up from the test binaries to the folder holding BackCare.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path in the repository from its parts, relative to the root ("deploy/k8s", "base").</summary>
    public static string PathOf(params string[] parts) => Path.GetFullPath(Path.Combine([Root, .. parts]));

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>A path relative to the root with "/" separators, for messages and as a key.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackCare.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds BackCare.sln.");
    }
}
