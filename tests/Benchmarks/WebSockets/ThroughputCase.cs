using System.Diagnostics;

namespace Netra.Benchmarks.WebSockets;

/// <summary>How the driver loads the server: as fast as the window allows, in batches, or at a fixed rate.</summary>
/// <param name="Batch">Events per emit (per grain call for Netra).</param>
/// <param name="Rate">Events per second in total when paced; 0 saturates.</param>
public sealed record Load(int Batch, int Rate)
{
    public bool Paced => Rate > 0;

    public override string ToString() => Paced ? $"paced, {Rate:N0} events/s" : $"saturating, batch {Batch}";
}

/// <summary>One measured window of events flowing to the clients.</summary>
public sealed record ThroughputRow(
    string Server, int Users, int ConnectionsPerUser, Load Load, long Frames, TimeSpan Elapsed, double P50Ms, double P99Ms,
    double ProcessCores, double MachineCores, double AllocatedBytesPerFrame, int Gen0, int Gen1, int Gen2, double GcPauseShare)
{
    /// <summary>The GC heap after the last collection of the window, in bytes.</summary>
    public long GcHeapBytes { get; init; }

    /// <summary>The most allocated types during the window, sampled (see <see cref="AllocationSampler"/>).</summary>
    public string TopAllocations { get; init; } = "";

    /// <summary>Grain and observer requests per event emitted, when counted (exploring only).</summary>
    public string CallsPerEvent { get; init; } = "";

    public double FramesPerSecond => Frames / Elapsed.TotalSeconds;

    public double EventsPerSecond => FramesPerSecond / ConnectionsPerUser;

    public double CpuMicrosecondsPerFrame => ProcessCores * 1_000_000 / FramesPerSecond;
}

/// <summary>
/// Drives events to a connected <see cref="ClientSet"/> and measures a window: frames read by the clients, latency
/// from emit to read, this process's CPU (server and clients both run here), the machine's, allocations and
/// collections. After the window the driver stops, every connection must read every event its user emitted, in
/// order, and the latency samples are taken.
/// </summary>
internal static class ThroughputCase
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(60);

    /// <summary>When set (exploring with --count-calls), grain requests are counted in each measured window.</summary>
    public static GrainCallCounter? Calls { get; set; }

    public static async Task<ThroughputRow> RunAsync(
        string server, IEventSource source, ClientSet clients, Recording recording, AllocationSampler allocations, Load load,
        TimeSpan warmup, TimeSpan duration)
    {
        allocations.Clear();
        Calls?.Clear();
        foreach (var reader in clients.Readers)
        {
            reader.Latencies.Clear();
        }

        using var stop = new CancellationTokenSource();
        var driving = load.Paced ? PaceAsync(source, clients, load.Rate, stop.Token) : SaturateAsync(source, clients, load.Batch, stop.Token);
        await Task.Delay(warmup);
        var start = Snapshot.Take(clients);
        recording.On = true;
        allocations.On = true;
        Calls?.On = true;
        await Task.Delay(duration);
        allocations.On = false;
        Calls?.On = false;
        recording.On = false;
        var end = Snapshot.Take(clients);
        await stop.CancelAsync();
        await driving;
        if (!await clients.DrainAsync(s_drainTimeout))
        {
            throw new InvalidOperationException($"{server}, {load}: the clients had not read every event {s_drainTimeout.TotalSeconds:F0} s after the driver stopped.");
        }

        clients.Verify();
        var latencies = clients.Readers.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp);
        var frames = end.Frames - start.Frames;
        var machine = start.Machine is { } m0 && end.Machine is { } m1 && m1.Total > m0.Total
            ? (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total) * Environment.ProcessorCount
            : double.NaN;
        return new ThroughputRow(
            server, clients.UserIds.Length, clients.ConnectionsPerUser, load, frames, seconds,
            PercentileMs(latencies, 0.50), PercentileMs(latencies, 0.99),
            (end.Cpu - start.Cpu).TotalSeconds / seconds.TotalSeconds, machine,
            (double)(end.Allocated - start.Allocated) / Math.Max(1, frames),
            end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, (end.GcPause - start.GcPause) / seconds)
        {
            TopAllocations = allocations.Top(12),
            GcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            CallsPerEvent = Calls?.PerEvent(frames / clients.ConnectionsPerUser) ?? "",
        };
    }

    /// <summary>One producer loop per user: reserve a batch in the user's window, emit it, again.</summary>
    private static Task SaturateAsync(IEventSource source, ClientSet clients, int batch, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients.UserIds.Length).Select(user => Task.Run(async () =>
        {
            var flow = clients.Flows[user];
            while (!stop.IsCancellationRequested)
            {
                await flow.ReserveAsync(batch);
                await source.EmitAsync(user, batch, Stopwatch.GetTimestamp());
            }
        }, CancellationToken.None)));

    /// <summary>One event at a time to the users in turn, at <paramref name="rate"/> events per second in total.</summary>
    private static async Task PaceAsync(IEventSource source, ClientSet clients, int rate, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task>();
        long sent = 0;
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                clients.Flows[next].Reserve(1);
                var emit = source.EmitAsync(next, 1, Stopwatch.GetTimestamp());
                if (!emit.IsCompletedSuccessfully)
                {
                    pending.Add(emit);
                }

                next = (next + 1) % clients.UserIds.Length;
            }

            if (pending.Find(t => t.IsFaulted) is { } failed)
            {
                await failed;
            }

            pending.RemoveAll(t => t.IsCompletedSuccessfully);
            await Task.Delay(1, CancellationToken.None);
        }

        await Task.WhenAll(pending);
    }

    private static double PercentileMs(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1_000.0 / Stopwatch.Frequency;
    }

    private sealed record Snapshot(
        long Timestamp, long Frames, TimeSpan Cpu, (long Busy, long Total)? Machine, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
    {
        public static Snapshot Take(ClientSet clients)
        {
            using var self = Process.GetCurrentProcess();
            return new Snapshot(
                Stopwatch.GetTimestamp(), clients.EventsRead, self.TotalProcessorTime, Report.MachineCpu(),
                GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                GC.GetTotalPauseDuration());
        }
    }
}
