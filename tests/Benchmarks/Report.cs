using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Netra.Benchmarks;

/// <summary>Writes results into docs/benchmarks.md, replacing only the section of the benchmark that ran.</summary>
public static class Report
{
    public static string Machine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {memory:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }

    /// <summary>The 1-minute load average, so a reader can tell a quiet run from a busy one (Linux only).</summary>
    public static string Load()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? $"load average {File.ReadAllText(path).Split(' ')[0]}" : "load average unknown";
    }

    /// <summary>
    /// The machine's busy and total CPU time so far, in clock ticks, from /proc/stat (Linux only; null elsewhere): the
    /// difference of two readings says how busy the machine was in between, whoever kept it busy.
    /// </summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal …": idle and iowait are the idle time.
        var fields = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    public static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }

    public static string Table(IEnumerable<(Measurement Figure, Measurement Baseline)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| callers | grain calls/s | p50 µs | p99 µs | baseline calls/s | baseline p50 µs | baseline p99 µs | ratio (grain/baseline) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (figure, baseline) in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {figure.Concurrency:N0} | {figure.CallsPerSecond:N0} | {figure.P50Us:F1} | {figure.P99Us:F1} | {baseline.CallsPerSecond:N0} | {baseline.P50Us:F1} | {baseline.P99Us:F1} | {figure.CallsPerSecond / baseline.CallsPerSecond:F2} |"));
        }

        return text.ToString();
    }

    /// <summary>Replaces the text between the section's markers in <paramref name="path"/>, adding the section if it is new.</summary>
    public static void WriteSection(string path, string section, string body)
    {
        var start = $"<!-- {section}:start -->";
        var end = $"<!-- {section}:end -->";
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = $"{start}\n{body.TrimEnd()}\n{end}";
        var from = existing.IndexOf(start, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? existing[..from] + block + existing[(to + end.Length)..]
            : existing.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, updated);
    }

    public static string FindDocs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Netra.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "benchmarks.md");
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the Netra repository.");
    }
}
