using System.Diagnostics;

namespace Netra.Benchmarks.Chat;

/// <summary>Runs completed in a measured window, with exact percentiles of their latency (send to <c>agent_completed</c>).</summary>
/// <remarks>
/// <c>CpuCores</c> is the CPU the measured processes used in the window (in cores), <c>MachineCores</c> the whole
/// machine's busy CPU meanwhile (/proc/stat), other processes on this shared machine included.
/// </remarks>
public sealed record ChatMeasurement(
    string Name, int Users, int Runs, int Failed, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double CpuCores, double MachineCores)
{
    public double RunsPerSecond => Runs / Elapsed.TotalSeconds;

    /// <summary>CPU milliseconds of the measured processes per completed run.</summary>
    public double CpuMsPerRun => CpuCores * 1_000 / RunsPerSecond;

    internal static ChatMeasurement From(string name, int users, TimeSpan elapsed, IEnumerable<long> latencies, int failed, TimeSpan cpu, double machineCores)
    {
        var sorted = latencies.Order().ToArray();
        return new ChatMeasurement(
            name, users, sorted.Length, failed, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99),
            cpu.TotalSeconds / elapsed.TotalSeconds, machineCores);
    }

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)] * 1_000.0 / Stopwatch.Frequency;
}

/// <summary>
/// The chat's closed loop: every user asks, waits for its run's <c>agent_completed</c>, and asks again at once. First
/// each user asks once unmeasured (its thread opens, its demo data and the model's cache warm up); then every user
/// runs a fixed number of rounds, all measured: throughput is the measured runs over the time from the first send to
/// the last run's end (so the last stragglers count against it). The same driver runs the gateway figures and the
/// in-process baselines.
/// </summary>
internal static class ChatLoop
{
    /// <summary>Questions that take the whole pipeline: triage, data, the analysis tools, optimizations and reporting.</summary>
    public static readonly string[] Questions =
    [
        "Where does my money go and how can I cut cost 20%?",
        "Where is my LLM spend going in the dataset demo, and how do I cut it 30%?",
        "What is slow in the dataset demo, and how can I cut latency and cost?",
    ];

    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(10); // 100 users on a busy 2-core machine wait long

    /// <summary>
    /// Runs the loop: one unmeasured run per user, then <paramref name="rounds"/> measured runs per user, each sent when
    /// the user's last one ended. <paramref name="cpu"/> reads the CPU time so far of the processes the figure is about.
    /// </summary>
    public static async Task<ChatMeasurement> RunAsync(string name, IReadOnlyList<IChatUser> users, int rounds, Func<TimeSpan> cpu)
    {
        using (var first = new CancellationTokenSource(s_runTimeout * 2))
        {
            await Task.WhenAll(users.Select((u, i) => u.AskAsync(Questions[i % Questions.Length], first.Token))); // a failed first run is not counted
        }

        var latencies = users.Select(_ => new List<long>()).ToArray();
        var failed = 0;
        var (cpuBefore, machineBefore) = (cpu(), Report.MachineCpu());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select((user, index) => Task.Run(async () =>
        {
            for (var round = 1; round <= rounds; round++)
            {
                using var timeout = new CancellationTokenSource(s_runTimeout);
                var started = Stopwatch.GetTimestamp();
                if (await user.AskAsync(Questions[(index + round) % Questions.Length], timeout.Token))
                {
                    latencies[index].Add(Stopwatch.GetTimestamp() - started);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var elapsed = clock.Elapsed;
        var (cpuUsed, machineAfter) = (cpu() - cpuBefore, Report.MachineCpu());
        var machineCores = machineBefore is { } b && machineAfter is { } a && a.Total > b.Total
            ? (double)(a.Busy - b.Busy) / (a.Total - b.Total) * Environment.ProcessorCount
            : double.NaN;
        return ChatMeasurement.From(name, users.Count, elapsed, latencies.SelectMany(l => l), failed, cpuUsed, machineCores);
    }
}
