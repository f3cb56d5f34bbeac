namespace Netra.Gateway.Tests.Workloads;

/// <summary>The public traces of ../shared/data/traces beside the repository (see its README.md), when present.</summary>
public static class GatewayTraceFiles
{
    public const string AzureConv = "azure2023_conv.csv";

    /// <summary>The folder ../shared/data/traces next to the repository root (the folder holding Netra.sln).</summary>
    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Netra.sln")))
            {
                directory = directory.Parent;
            }

            return Path.GetFullPath(Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "..", "shared", "data", "traces"));
        }
    }

    public static string PathOf(string file) => Path.Combine(Folder, file);
}

/// <summary>A fact that skips, saying where it looked, when its trace file is not beside the repository.</summary>
public sealed class GatewayTraceFactAttribute : FactAttribute
{
    public GatewayTraceFactAttribute(string file)
    {
        if (!File.Exists(GatewayTraceFiles.PathOf(file)))
        {
            Skip = $"The public trace {file} is not at {GatewayTraceFiles.PathOf(file)} (../shared/data/traces beside the repository); this test needs it.";
        }
    }
}
