using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Netra.Benchmarks;

/// <summary>One headline figure of a benchmark, beside its baseline from the same run and the aim it is held to.</summary>
/// <param name="Name">What was measured, e.g. "grain calls/s, 100 callers".</param>
/// <param name="Result">The figure, formatted with its unit.</param>
/// <param name="Baseline">The baseline's figure from the same run, or "—" when there is none.</param>
/// <param name="Ratio">Figure ÷ baseline (for a cost, baseline ÷ figure, so above 1 is always better), or null.</param>
/// <param name="Aim">The aim, in words, or "—".</param>
/// <param name="Met">Whether the aim was met; null when there is no aim.</param>
public sealed record Figure(string Name, string Result, string Baseline, double? Ratio, string Aim, bool? Met);

/// <summary>
/// The summary at the top of docs/benchmarks.md: every benchmark's headline figures, from the latest run of each.
/// Each run's figures are kept in docs/benchmarks.json (one entry per benchmark, replaced by its next run), so running
/// one benchmark refreshes its rows and keeps the others', each row saying when and at which commit it was measured.
/// </summary>
public static class Summary
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Records <paramref name="figures"/> as <paramref name="benchmark"/>'s latest and rewrites the summary.</summary>
    public static void Record(string benchmark, IReadOnlyList<Figure> figures, string loadBefore, string loadAfter)
    {
        var docs = Report.FindDocs();
        var path = Path.ChangeExtension(docs, ".json");
        var entries = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), s_json) ?? []
            : [];
        entries[benchmark] = new Entry(
            $"dotnet run -c Release --project tests/Benchmarks -- {benchmark}",
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Report.Commit(), Report.Machine(), $"{loadBefore} before, {loadAfter} after", [.. figures]);
        File.WriteAllText(path, JsonSerializer.Serialize(entries, s_json) + "\n");
        Report.WriteSection(docs, "summary", Render(entries));
    }

    /// <summary>The summary section for <paramref name="entries"/>, in the order of <see cref="Order"/>.</summary>
    internal static string Render(IReadOnlyDictionary<string, Entry> entries)
    {
        var text = new StringBuilder();
        text.AppendLine("## Summary");
        text.AppendLine();
        text.AppendLine("`dotnet run -c Release --project tests/Benchmarks -- all` runs every benchmark and rewrites this file; each");
        text.AppendLine("benchmark's own command runs it alone and rewrites its rows. A ratio is Netra's figure over the baseline's,");
        text.AppendLine("measured in the same run (for memory, the baseline's over Netra's), so above 1 means Netra did better.");
        text.AppendLine();
        text.AppendLine("| benchmark | figure | Netra | baseline | ratio | aim | met |");
        text.AppendLine("|---|---|---:|---:|---:|---|:---:|");
        var ordered = entries.OrderBy(e => Array.IndexOf(Order, e.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(e => e.Key, StringComparer.Ordinal);
        foreach (var (name, entry) in ordered)
        {
            foreach (var figure in entry.Figures)
            {
                var ratio = figure.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "—";
                var met = figure.Met switch { true => "yes", false => "**no**", null => "—" };
                text.AppendLine($"| {name} | {figure.Name} | {figure.Result} | {figure.Baseline} | {ratio} | {figure.Aim} | {met} |");
            }
        }

        var missing = Order.Where(name => !entries.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"Not in this table yet: {string.Join(", ", missing)}. Their sections below were measured before the summary existed;");
            text.AppendLine("the next run of each adds its rows.");
        }

        text.AppendLine();
        text.AppendLine("When and where each benchmark last ran:");
        text.AppendLine();
        text.AppendLine("| benchmark | run | commit | machine | load average |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var (name, entry) in ordered)
        {
            text.AppendLine($"| {name} | {entry.Run} | {entry.Commit} | {entry.Machine} | {entry.Load} |");
        }

        return text.ToString();
    }

    /// <summary>The order of the summary's rows: the order of issue 9's table.</summary>
    internal static readonly string[] Order = ["grain-calls", "cross-silo", "state-writes", "websockets", "chat", "ingestion", "tools", "scaling", "workload-size"];

    /// <summary>One benchmark's latest run.</summary>
    internal sealed record Entry(string Command, string Run, string Commit, string Machine, string Load, Figure[] Figures);
}
