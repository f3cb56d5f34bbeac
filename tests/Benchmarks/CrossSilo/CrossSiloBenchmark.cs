using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Netra.Benchmarks.GrainCalls;
using Netra.Runtime;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;

namespace Netra.Benchmarks.CrossSilo;

/// <summary>One caller count: the cross-silo figure beside the single-silo one and the Channel baseline, all from one run.</summary>
public sealed record CrossSiloRow(int Callers, Measurement CrossSilo, Measurement SingleSilo, Measurement Baseline, CpuUse Cpu);

/// <summary>
/// Grain calls from one silo process to another on this machine, beside grain calls on one silo and the Channel
/// baseline. This process only conducts: it starts a throwaway PostgreSQL for membership and two silo processes,
/// silo-a and silo-b, which form a cluster over loopback TCP. For the cross-silo figure silo-a runs the single-silo
/// benchmark's closed loop against grains the consistent-hash ring places on silo-b (each asked where it runs first),
/// and reports back. The single-silo figure and the baseline run here, on a silo alone in this process, interleaved
/// with the cross-silo runs for each caller count, while the silo processes idle.
/// </summary>
public static class CrossSiloBenchmark
{
    public static readonly int[] Concurrency = [1, 100, 1000];

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<CrossSiloRow>> RunAsync(TimeSpan warmup, TimeSpan duration, IReadOnlyList<int>? concurrency = null)
    {
        var postgres = await PostgresServer.GetSharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync("cross_silo");
        try
        {
            await new PostgresMigrator(connectionString).InitializeAsync(CancellationToken.None);
            return await RunClusterAsync(connectionString, warmup, duration, concurrency ?? Concurrency);
        }
        finally
        {
            await postgres.DropDatabaseAsync(connectionString);
        }
    }

    public static string Table(IEnumerable<CrossSiloRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| callers | cross-silo calls/s | p50 µs | p99 µs | single-silo calls/s | p50 µs | p99 µs | baseline calls/s | p50 µs | p99 µs | cross/single |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (callers, cross, single, baseline, _) in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {callers:N0} | {cross.CallsPerSecond:N0} | {cross.P50Us:F1} | {cross.P99Us:F1} | {single.CallsPerSecond:N0} | {single.P50Us:F1} | {single.P99Us:F1} | {baseline.CallsPerSecond:N0} | {baseline.P50Us:F1} | {baseline.P99Us:F1} | {cross.CallsPerSecond / single.CallsPerSecond:F2} |"));
        }

        return text.ToString();
    }

    /// <summary>Where the CPU went during each cross-silo run.</summary>
    public static string CpuTable(IEnumerable<CrossSiloRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"| callers | silo-a cores | silo-b cores | CPU µs per call (both silos) | whole machine busy (cores of {Environment.ProcessorCount}) |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Callers:N0} | {row.Cpu.SiloACores:F2} | {row.Cpu.SiloBCores:F2} | {row.Cpu.MicrosecondsPerCall(row.CrossSilo):F1} | {row.Cpu.MachineCores:F2} |"));
        }

        return text.ToString();
    }

    private static async Task<IReadOnlyList<CrossSiloRow>> RunClusterAsync(
        string connectionString, TimeSpan warmup, TimeSpan duration, IReadOnlyList<int> concurrency)
    {
        var clusterId = $"bench-{Guid.NewGuid():N}";
        await using var siloA = ChildSilo.Start("silo-a", connectionString, clusterId);
        await using var siloB = ChildSilo.Start("silo-b", connectionString, clusterId);
        await siloA.ExpectAsync("ready", s_startTimeout);
        var addressB = await siloB.ExpectAsync("ready", s_startTimeout);
        foreach (var silo in new[] { siloA, siloB })
        {
            var members = await silo.CommandAsync($"cluster 2 {s_startTimeout.TotalMilliseconds:F0}", "cluster", s_startTimeout + TimeSpan.FromSeconds(5));
            Console.WriteLine($"{silo.Name} sees the cluster {members}");
        }

        using var single = await GrainCallBenchmark.StartSiloAsync();
        var grains = single.Services.GetRequiredService<IClusterClient>();
        var rows = new List<CrossSiloRow>();
        foreach (var callers in concurrency)
        {
            var singleSilo = await GrainCallBenchmark.RunGrainCallsAsync(grains, callers, warmup, duration);
            var baseline = await GrainCallBenchmark.RunBaselineAsync(callers, warmup, duration);
            var (crossSilo, cpu) = await RunCrossSiloAsync(siloA, siloB, addressB, callers, warmup, duration);
            rows.Add(new CrossSiloRow(callers, crossSilo, singleSilo, baseline, cpu));
        }

        await single.StopAsync();
        siloA.PrintStderr();
        siloB.PrintStderr();
        return rows;
    }

    private static async Task<(Measurement, CpuUse)> RunCrossSiloAsync(
        ChildSilo siloA, ChildSilo siloB, string addressB, int callers, TimeSpan warmup, TimeSpan duration)
    {
        var command = string.Create(CultureInfo.InvariantCulture, $"cross {callers} {warmup.TotalMilliseconds:F0} {duration.TotalMilliseconds:F0}");
        await siloA.CommandAsync(command, "measuring", warmup + s_startTimeout);
        var start = CpuUse.Take(siloA, siloB);
        await siloA.ExpectAsync("measured", duration + s_startTimeout);
        var cpu = CpuUse.Between(start, CpuUse.Take(siloA, siloB));
        var answer = await siloA.ExpectAsync("result", s_startTimeout);
        var parts = answer.Split(' ');
        if (parts.Length != 5 || parts[4] != addressB)
        {
            throw new InvalidOperationException($"{siloA.Name} answered '{answer}': expected the targets to run on silo-b, {addressB}.");
        }

        var culture = CultureInfo.InvariantCulture;
        var measurement = new Measurement(
            "cross-silo grain call", callers, long.Parse(parts[0], culture), TimeSpan.FromTicks(long.Parse(parts[1], culture)),
            double.Parse(parts[2], culture), double.Parse(parts[3], culture));
        return (measurement, cpu);
    }
}
