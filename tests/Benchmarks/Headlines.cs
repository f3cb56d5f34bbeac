using System.Globalization;
using Netra.Benchmarks.CrossSilo;
using Netra.Benchmarks.Ingestion;
using Netra.Benchmarks.Tools;
using Netra.Benchmarks.WebSockets;

namespace Netra.Benchmarks;

/// <summary>The summary's rows for each benchmark, from its measured rows: figure, baseline, ratio and aim (issue 9's table).</summary>
public static class Headlines
{
    private const int LocalCallsAim = 500_000;
    private const int CrossSiloCallsAim = 100_000;
    private const int EventsAim = 100_000;
    private const double IdleKbAim = 20; // 20 KB = 20,000 bytes per connection
    private const int IdleConnectionsAim = 10_000;

    public static IReadOnlyList<Figure> GrainCalls(IEnumerable<(Measurement Figure, Measurement Baseline)> rows) =>
        [.. rows.Select(r => Calls($"grain calls/s, {r.Figure.Concurrency:N0} callers", r.Figure, r.Baseline, r.Figure.Concurrency > 1 ? LocalCallsAim : null))];

    public static IReadOnlyList<Figure> CrossSilo(IEnumerable<CrossSiloRow> rows) =>
        [.. rows.Select(r => Calls($"cross-silo calls/s, {r.Callers:N0} callers", r.CrossSilo, r.Baseline, r.Callers > 1 ? CrossSiloCallsAim : null))];

    public static IReadOnlyList<Figure> WebSockets(IEnumerable<ThroughputRow> throughput, IEnumerable<IdleRow> idle)
    {
        var figures = new List<Figure>();
        var saturating = throughput.Where(r => !r.Load.Paced).ToList();
        foreach (var netra in saturating.Where(r => r.Server == "Netra"))
        {
            var raw = saturating.FirstOrDefault(r => r.Server != "Netra" && r.Load == netra.Load && r.Users == netra.Users && r.ConnectionsPerUser == netra.ConnectionsPerUser);
            // The aim is for 1,000 users with a connection each; with several connections per user, frames to clients count.
            var single = netra.ConnectionsPerUser == 1;
            double Rate(ThroughputRow row) => single ? row.EventsPerSecond : row.FramesPerSecond;
            figures.Add(new Figure(
                $"{(single ? "events" : "frames")}/s to {netra.Users * netra.ConnectionsPerUser:N0} connections ({netra.Users:N0} users × {netra.ConnectionsPerUser}), producer batch {netra.Load.Batch}",
                $"{Rate(netra):N0}", raw is null ? "—" : $"{Rate(raw):N0}", raw is null ? null : Rate(netra) / Rate(raw),
                single ? $"≥ {EventsAim:N0}/s" : "—", single ? netra.EventsPerSecond >= EventsAim : null));
        }

        var netraIdle = idle.FirstOrDefault(r => r.Server.Contains("netra", StringComparison.OrdinalIgnoreCase));
        var rawIdle = idle.FirstOrDefault(r => !r.Server.Contains("netra", StringComparison.OrdinalIgnoreCase));
        if (netraIdle is not null)
        {
            var kb = netraIdle.RssKbPerConnection * 1.024; // KiB → KB
            figures.Add(new Figure(
                $"idle connections held ({netraIdle.Connections:N0} opened)", $"{netraIdle.Established:N0}", rawIdle is null ? "—" : $"{rawIdle.Established:N0}",
                rawIdle is null ? null : (double)netraIdle.Established / rawIdle.Established, $"{IdleConnectionsAim:N0}", netraIdle.Established >= IdleConnectionsAim));
            figures.Add(new Figure(
                "memory per idle connection (RSS, KB)", Kb(kb), rawIdle is null ? "—" : Kb(rawIdle.RssKbPerConnection * 1.024),
                rawIdle is null ? null : rawIdle.RssKbPerConnection / netraIdle.RssKbPerConnection, $"≤ {IdleKbAim:F0} KB", kb <= IdleKbAim));
        }

        return figures;
    }

    public static IReadOnlyList<Figure> Ingestion(IEnumerable<IngestionBenchmark.Row> rows) =>
        [.. rows.Select(r =>
        {
            var netra = r.Events / r.StoreSeconds;
            var curl = r.Events / r.CurlSeconds;
            return new Figure($"events/s into ClickHouse, batches of {r.Batch:N0}", $"{netra:N0}", $"{curl:N0}", netra / curl,
                "≥ 100,000/s and ratio ≥ 0.5", netra >= 100_000 && netra / curl >= 0.5);
        })];

    /// <summary>Per dataset size: how many tools answered under 1 s (median), and the slowest, beside a count/sum scan.</summary>
    public static IReadOnlyList<Figure> Tools(IEnumerable<ToolBenchmark.Row> rows) =>
        [.. rows.GroupBy(r => r.Events).OrderBy(g => g.Key).SelectMany(g =>
        {
            var tools = g.Where(r => r.Error is null && !r.Tool.StartsWith("baseline", StringComparison.Ordinal)).ToList();
            var under = tools.Count(r => r.MedianMs < 1_000);
            var floor = tools.Count > 0 ? tools.Average(r => r.BaselineMs) : double.NaN;
            var slowest = tools.MaxBy(r => r.MedianMs);
            var floorText = string.Create(CultureInfo.InvariantCulture, $"count/sum scan {floor:N0} ms");
            return new[]
            {
                new Figure($"tools under 1 s (median), {g.Key:N0} events", $"{under} of {tools.Count}", floorText, null, "all", under == tools.Count),
                new Figure($"slowest tool, {g.Key:N0} events", slowest is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{slowest.Tool} {slowest.MedianMs:N0} ms"),
                    floorText, slowest is null ? null : floor / slowest.MedianMs, "< 1,000 ms", slowest is not null && slowest.MedianMs < 1_000),
            };
        })];

    private static Figure Calls(string name, Measurement figure, Measurement baseline, int? aim) => new(
        name,
        string.Create(CultureInfo.InvariantCulture, $"{figure.CallsPerSecond:N0} (p50 {figure.P50Us:F1} µs, p99 {figure.P99Us:F1} µs)"),
        string.Create(CultureInfo.InvariantCulture, $"{baseline.CallsPerSecond:N0} (p50 {baseline.P50Us:F1} µs, p99 {baseline.P99Us:F1} µs)"),
        figure.CallsPerSecond / baseline.CallsPerSecond,
        aim is { } a ? $"≥ {a:N0}/s" : "—",
        aim is { } b ? figure.CallsPerSecond >= b : null);

    private static string Kb(double kb) => kb.ToString("F1", CultureInfo.InvariantCulture);
}
