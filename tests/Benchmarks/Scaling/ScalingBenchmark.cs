using System.Globalization;
using System.Text;
using Netra.Benchmarks.Chat;

namespace Netra.Benchmarks.Scaling;

/// <summary>One silo count: the chat's closed loop over the cluster gateway, and the CPU each silo used meanwhile.</summary>
public sealed record ScalingRow(int Silos, ChatMeasurement Chat, double[] SiloCores, string Exited);

/// <summary>
/// Chat throughput against the number of silo processes (1, 2, 3) on this one machine: for each count a fresh
/// <see cref="LocalCluster"/> (its own database, its silos and one gateway), the chat case's closed loop of the same
/// number of users over the gateway's WebSocket. The baseline is the 1-silo row, measured in the same run.
/// </summary>
public static partial class ScalingBenchmark
{
    public static readonly int[] SiloCounts = [1, 2, 3];

    public static async Task<IReadOnlyList<ScalingRow>> RunAsync(ChatPlan plan, int users)
    {
        var rows = new List<ScalingRow>();
        foreach (var silos in SiloCounts)
        {
            await using var cluster = await LocalCluster.StartAsync(silos);
            using (var client = await ChatHosts.StartClusterClientAsync(cluster))
            {
                await ChatBenchmark.WarmUpAsync(client, plan, () => ChatBenchmark.OwnCpu() + cluster.ProcessorTime());
                await client.StopAsync();
            }

            var before = cluster.SiloProcessorTimes();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var chat = await ChatBenchmark.MeasureGatewayAsync($"{silos}-silo cluster", cluster.GatewayAddress, users, plan, () => ChatBenchmark.OwnCpu() + cluster.ProcessorTime());
            var seconds = clock.Elapsed.TotalSeconds;
            var cores = cluster.SiloProcessorTimes().Zip(before, (after, start) => (after - start).TotalSeconds / seconds).ToArray();
            rows.Add(new ScalingRow(silos, chat, cores, cluster.Exited.Count == 0 ? "" : $" ({string.Join(", ", cluster.Exited)} exited)"));
        }

        return rows;
    }

    public static string Table(IReadOnlyList<ScalingRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| silos | users | runs (failed) | runs/s | p50 ms | p95 ms | p99 ms | CPU ms/run (all processes) | cores per silo (whole case) | machine busy (cores) | baseline: 1-silo runs/s | ratio (runs/s ÷ 1-silo) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        var baseline = rows[0].Chat;
        foreach (var (silos, chat, cores, exited) in rows)
        {
            var perSilo = string.Join(" / ", cores.Select(c => c.ToString("F2", CultureInfo.InvariantCulture)));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {silos}{exited} | {chat.Users:N0} | {chat.Runs:N0} ({chat.Failed}) | {chat.RunsPerSecond:F1} | {chat.P50Ms:F0} | {chat.P95Ms:F0} | {chat.P99Ms:F0} | {chat.CpuMsPerRun:F0} | {perSilo} | {chat.MachineCores:F2} | {baseline.RunsPerSecond:F1} | {chat.RunsPerSecond / baseline.RunsPerSecond:F2} |"));
        }

        return text.ToString();
    }
}
