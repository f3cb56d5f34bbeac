using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime;

namespace Netra.Benchmarks.WebSockets;

/// <summary>What one run of the websockets case measures, and for how long.</summary>
/// <param name="Layouts">Users × connections per user of each throughput layout; the first is the headline one.</param>
/// <param name="Batches">Events per emit in the saturating runs.</param>
/// <param name="PacedRate">Events per second of the paced (latency) runs, on the first layout.</param>
/// <param name="Warmup">Load before each measured window.</param>
/// <param name="Duration">Each measured window.</param>
/// <param name="IdleConnections">Idle connections per server process.</param>
/// <param name="Settle">Quiet time before each memory reading.</param>
/// <param name="IdleCpuWindow">How long the idle server's CPU is measured.</param>
public sealed record WebSocketPlan(
    (int Users, int PerUser)[] Layouts, int[] Batches, int PacedRate, TimeSpan Warmup, TimeSpan Duration,
    int IdleConnections, TimeSpan Settle, TimeSpan IdleCpuWindow)
{
    /// <summary>
    /// Each producer may run this many events ahead of its user's slowest connection (the send queue holds 1,024).
    /// 64 keeps 64,000 events in flight at 1,000 users, enough to keep every stage busy: 256 measured no faster on two
    /// free cores and much slower when another process took one of them (more events held, longer lags).
    /// </summary>
    public int Window { get; init; } = 64;

    public static WebSocketPlan Full { get; } = new(
        [(1_000, 1), (100, 10)], [1, 32], 10_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5),
        10_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

    public static WebSocketPlan Smoke { get; } = new(
        [(100, 1), (10, 10)], [1, 32], 1_000, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500),
        200, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));
}

/// <summary>
/// Events from grains to WebSocket clients through one gateway, and idle connections, each beside a raw Kestrel
/// WebSocket server measured in the same run by the same clients. Throughput runs in this process: the real gateway
/// (<see cref="GatewayServer"/>), the raw server and the clients. Idle connections run against a server in a child
/// process (<see cref="IdleCase"/>).
/// </summary>
public static class WebSocketBenchmark
{
    /// <summary>Gateway settings for the throughput runs (beyond <see cref="GatewayServer.Settings"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string?> ThroughputSettings = new Dictionary<string, string?>
    {
        // Each stream keeps its last 1,000 events (the default is 10,000): the window is 256, so nothing read is ever
        // trimmed, and the memory log's 1,000 users do not hold millions of events by the end of the run.
        ["Netra:Streams:MaxItemsPerStream"] = "1000",
        ["Netra:WebSocket:HubLinger"] = "00:00:01",
    };

    public static async Task<IReadOnlyList<ThroughputRow>> RunThroughputAsync(WebSocketPlan plan)
    {
        var recording = new Recording();
        using var allocations = new AllocationSampler();
        var rows = new List<ThroughputRow>();
        await using var raw = await RawSocketServer.StartAsync();
        using var gateway = new GatewayServer(GatewayServer.Settings(ThroughputSettings));
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        Console.WriteLine($"Event frames are {raw.FrameBytes} bytes (the raw server's; Netra's differ by the width of seq and sent_at).");
        foreach (var (users, perUser) in plan.Layouts)
        {
            // Both servers' clients are connected for the whole layout and each load runs on Netra and then on the raw
            // server, so a burst of load from elsewhere on this shared machine is less likely to hit only one of them.
            var netraUsers = Enumerable.Range(0, users).Select(i => $"netra-{users}x{perUser}-{i}").ToArray();
            var rawUsers = Enumerable.Range(0, users).Select(i => $"raw-{users}x{perUser}-{i}").ToArray();
            await using var netraClients = await ClientSet.ConnectAsync(
                gateway.BaseAddress, netraUsers, perUser, GatewayServer.SigningKey, plan.Window, recording, parallel: 32);
            await using var rawClients = await ClientSet.ConnectAsync(
                raw.BaseAddress, rawUsers, perUser, GatewayServer.SigningKey, plan.Window, recording, parallel: 32);
            var netra = new GrainEventSource(grains, netraUsers);
            var baseline = new RawEventSource(raw, rawUsers);
            var loads = plan.Batches.Select(b => new Load(b, 0)).ToList();
            if ((users, perUser) == plan.Layouts[0])
            {
                loads.Add(new Load(1, plan.PacedRate));
            }

            if ((users, perUser) == plan.Layouts[0])
            {
                // A gateway serves for hours, so measure its code at tier 1: tiering (tier 0, instrumented, tier 1) of
                // the several thousand methods on the path took longer than one row's warm-up when another process
                // held a core. One unrecorded row of each server's path first, at batch 1 and at batch 32.
                foreach (var batch in new[] { 1, 32 })
                {
                    await ThroughputCase.RunAsync("Netra", netra, netraClients, recording, allocations, new Load(batch, 0), plan.Warmup, plan.Warmup);
                    await ThroughputCase.RunAsync("raw Kestrel", baseline, rawClients, recording, allocations, new Load(batch, 0), plan.Warmup, plan.Warmup);
                }

                Console.WriteLine($"Warmed up (unrecorded rows), load {Report.Load()}.");
            }

            foreach (var load in loads)
            {
                rows.Add(Print(await ThroughputCase.RunAsync("Netra", netra, netraClients, recording, allocations, load, plan.Warmup, plan.Duration)));
                rows.Add(Print(await ThroughputCase.RunAsync("raw Kestrel", baseline, rawClients, recording, allocations, load, plan.Warmup, plan.Duration)));
            }
        }

        return rows;
    }

    public static async Task<IReadOnlyList<IdleRow>> RunIdleAsync(WebSocketPlan plan)
    {
        var rows = new List<IdleRow>();
        // One user per connection, as the aim asks; then Netra with 100 connections per user, which separates what a
        // connection costs from what a user costs (the hub, its stream subscription and the stream grain).
        foreach (var (server, users) in new[] { ("netra", plan.IdleConnections), ("raw", plan.IdleConnections), ("netra", Math.Max(1, plan.IdleConnections / 100)) })
        {
            var row = await IdleCase.RunAsync(server, plan.IdleConnections, users, plan.Settle, plan.IdleCpuWindow);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{server}: {row.Established:N0} idle connections of {users:N0} users, {row.RssKbPerConnection:F1} KiB RSS and {row.GcHeapKbPerConnection:F1} KiB GC heap each"));
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The throughput table: each saturating Netra row beside the raw server's row of the same layout and batch.</summary>
    public static string ThroughputTable(IReadOnlyList<ThroughputRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| server | users × connections | load | frames/s to clients | events/s emitted | p50 ms | p99 ms | ratio (Netra/raw) | process cores | machine busy (cores) | CPU µs per frame | allocated B per frame | GCs gen0/1/2 | time in GC pauses | GC heap MiB |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var row in rows)
        {
            var raw = rows.FirstOrDefault(r => r.Server != "Netra" && r.Users == row.Users && r.ConnectionsPerUser == row.ConnectionsPerUser && r.Load == row.Load);
            var ratio = row.Server == "Netra" && raw is not null ? (row.FramesPerSecond / raw.FramesPerSecond).ToString("F2", CultureInfo.InvariantCulture) : "";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Server} | {row.Users:N0} × {row.ConnectionsPerUser} | {row.Load} | {row.FramesPerSecond:N0} | {row.EventsPerSecond:N0} | {row.P50Ms:F1} | {row.P99Ms:F1} | {ratio} | {row.ProcessCores:F2} | {row.MachineCores:F2} | {row.CpuMicrosecondsPerFrame:F1} | {row.AllocatedBytesPerFrame:N0} | {row.Gen0}/{row.Gen1}/{row.Gen2} | {row.GcPauseShare:P0} | {row.GcHeapBytes / 1048576.0:F0} |"));
        }

        return text.ToString();
    }

    /// <summary>The idle table: memory and CPU of each server process with its idle connections.</summary>
    public static string IdleTable(IReadOnlyList<IdleRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| server | idle connections | users | connection_established | connect time s | RSS before → after MiB | KiB RSS per connection | KiB RSS per connection, uncollected | GC heap before → after MiB | KiB GC heap per connection | GC committed after MiB | idle CPU (cores) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(row.Server == "netra" ? "Netra gateway" : "raw Kestrel")} | {row.Connections:N0} | {row.Users:N0} | {row.Established:N0} | {row.ConnectTime.TotalSeconds:F1} | {row.Before.RssKb / 1024.0:F0} → {row.After.RssKb / 1024.0:F0} | {row.RssKbPerConnection:F1} | {row.RssUncollectedKbPerConnection:F1} | {row.Before.GcHeapBytes / 1048576.0:F0} → {row.After.GcHeapBytes / 1048576.0:F0} | {row.GcHeapKbPerConnection:F1} | {row.After.GcCommittedBytes / 1048576.0:F0} | {row.IdleCores:F3} |"));
        }

        return text.ToString();
    }

    private static ThroughputRow Print(ThroughputRow row)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Server}, {row.Users}×{row.ConnectionsPerUser}, {row.Load}: {row.FramesPerSecond:N0} frames/s, p50 {row.P50Ms:F1} ms, p99 {row.P99Ms:F1} ms, {row.ProcessCores:F2} cores, {row.AllocatedBytesPerFrame:N0} B/frame, load {Report.Load()}"));
        Console.WriteLine($"  allocated most: {row.TopAllocations}");
        if (row.CallsPerEvent.Length > 0)
        {
            Console.WriteLine($"  requests per event: {row.CallsPerEvent}");
        }

        return row;
    }
}
