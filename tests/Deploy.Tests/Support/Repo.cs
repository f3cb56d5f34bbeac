namespace Netra.Deploy.Tests.Support;

/// <summary>The repository the tests run from: found by walking up from the test's output directory to <c>Netra.sln</c>.</summary>
public static class Repo
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Netra.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Netra.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository's root directory.</summary>
    public static string Root => s_root.Value;

    /// <summary>The absolute path of a repository-relative path written with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of every C# file under <c>src/</c>, outside bin and obj.</summary>
    public static IReadOnlyList<string> SourceTexts() => s_sources.Value;

    private static readonly Lazy<IReadOnlyList<string>> s_sources = new(() => Directory
        .EnumerateFiles(PathOf("src"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText)
        .ToList());
}
