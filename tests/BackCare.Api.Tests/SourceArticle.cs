namespace BackCare.Api.Tests;

/// <summary>Where the source article lives: beside the app (copied from rules/), in the repository, and in the shared source folder.</summary>
public static class SourceArticle
{
    public const string FileName = "back-self-adjustment-article.txt";

    /// <summary>The SHA-256 of the article every exercise and rule quotes; a change to it must be a deliberate, reviewed one.</summary>
    public const string Sha256 = "4b6fa5d2d384bd24513bc99d60db78ed36be57cb1a0a4d91620ad24c473960d3";

    /// <summary>The copy the API ships with, found relative to the app as the API itself finds it.</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "rules", FileName);

    public static string ReadShipped() => File.ReadAllText(ShippedPath);

    /// <summary>The folder holding BackCare.sln, found by walking up from the test binaries.</summary>
    public static DirectoryInfo RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackCare.sln")))
            {
                return directory;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds BackCare.sln.");
    }

    public static string RepositoryPath => Path.Combine(RepositoryRoot().FullName, "rules", FileName);

    /// <summary>The upstream copy in ../shared/source beside the repository, when this checkout has one.</summary>
    public static string SharedPath => Path.Combine(RepositoryRoot().FullName, "..", "shared", "source", FileName);
}
