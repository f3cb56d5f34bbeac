using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Ingestion.Import;

namespace Netra.Grains.Tests.Support;

/// <summary>
/// The public traces of ../shared/data/traces (see its README.md), read from beside the repository when present. They are
/// not copied into the project, so tests that need them skip with a message saying where they looked.
/// </summary>
public static class TraceFiles
{
    public const string Mooncake = "mooncake_synthetic_trace.jsonl";

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

    /// <summary>
    /// The Mooncake trace as workload events in dataset <c>mooncake</c>, read by the import parser
    /// (<see cref="TraceFormats.MooncakeJsonl"/>): timestamps are milliseconds after 2025-01-01T00:00:00Z, and the model
    /// is named <c>mooncake</c> (the trace has none).
    /// </summary>
    public static IEnumerable<WorkloadEvent> ReadMooncake()
    {
        var settings = new TraceImportSettings(TraceFormats.MooncakeJsonl, "mooncake", "mooncake", 512, TraceImportSettings.DefaultStart);
        using var file = File.OpenRead(PathOf(Mooncake));
        foreach (var row in TraceFormats.ReadAsync(file, settings, CancellationToken.None).ToBlockingEnumerable())
        {
            yield return row.Event ?? throw new InvalidDataException($"Line {row.Line} of {Mooncake} was rejected: {row.Error}");
        }
    }
}

/// <summary>A fact that skips, saying where it looked, when its trace file is not beside the repository.</summary>
public sealed class TraceFactAttribute : FactAttribute
{
    public TraceFactAttribute(string file)
    {
        if (!File.Exists(TraceFiles.PathOf(file)))
        {
            Skip = $"The public trace {file} is not at {TraceFiles.PathOf(file)} (../shared/data/traces beside the repository); this test needs it.";
        }
    }
}
