using System.Text.Json;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tests.Support;

/// <summary>
/// The public traces of ../shared/data/traces (see its README.md), read from beside the repository when present. They are
/// not copied into the project, so tests that need them skip with a message saying where they looked.
/// </summary>
public static class TraceFiles
{
    public const string Mooncake = "mooncake_synthetic_trace.jsonl";

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
    /// The Mooncake trace as workload events in dataset <c>mooncake</c>: timestamps are milliseconds after a fixed
    /// start, and the model is named <c>mooncake</c> (the trace has none).
    /// </summary>
    public static IEnumerable<WorkloadEvent> ReadMooncake()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var line in File.ReadLines(PathOf(Mooncake)).Where(l => l.Length > 0))
        {
            var row = JsonDocument.Parse(line).RootElement;
            yield return new WorkloadEvent(
                start.AddMilliseconds(row.GetProperty("timestamp").GetInt64()), null, null, "mooncake", null,
                row.GetProperty("input_length").GetInt64(), row.GetProperty("output_length").GetInt64(), 0, 0, null, null, "ok", null, null,
                null, null, null, "mooncake", null, [.. row.GetProperty("hash_ids").EnumerateArray().Select(h => h.GetInt64())]);
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
