using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Netra.Benchmarks.GrainCalls;
using Netra.Runtime;
using Netra.Runtime.Cluster;
using Netra.Runtime.Placement;

namespace Netra.Benchmarks.CrossSilo;

/// <summary>
/// What a silo process does for the parent. <c>cluster &lt;silos&gt; &lt;timeout ms&gt;</c> waits until this silo's
/// placement ring holds that many silos. <c>cross &lt;callers&gt; &lt;warm-up ms&gt; &lt;duration ms&gt;</c> runs the
/// single-silo benchmark's closed loop from this silo against grains the ring places on the other silo: it says
/// <c>measuring now</c> and <c>measured now</c> as the measured window opens and closes, then answers
/// <c>result &lt;calls&gt; &lt;elapsed ticks&gt; &lt;p50 µs&gt; &lt;p99 µs&gt; &lt;silo the targets ran on&gt;</c>.
/// </summary>
internal sealed class SiloCommands(IServiceProvider services)
{
    public async Task<string> RunAsync(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["cluster", var silos, var timeout] => await WaitForClusterAsync(Int(silos), Milliseconds(timeout)),
            ["cross", var callers, var warmup, var duration] => await RunCrossSiloAsync(Int(callers), Milliseconds(warmup), Milliseconds(duration)),
            _ => throw new ArgumentException($"Unknown command '{line}'."),
        };
    }

    private async Task<string> WaitForClusterAsync(int silos, TimeSpan timeout)
    {
        var placement = services.GetRequiredService<ClusterPlacementDirector>();
        var clock = Stopwatch.StartNew();
        while (placement.Ring.Silos.Count != silos)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"After {timeout.TotalSeconds:F0} s this silo sees {placement.Ring.Silos.Count} silos, not {silos}: {string.Join(", ", placement.Ring.Silos)}.");
            }

            await Task.Delay(50);
        }

        return $"cluster {string.Join(",", placement.Ring.Silos)}";
    }

    private async Task<string> RunCrossSiloAsync(int callers, TimeSpan warmup, TimeSpan duration)
    {
        var (targets, remote) = await RemoteTargetsAsync(callers);
        var measured = await ClosedLoop.RunAsync(
            "cross-silo grain call", callers, warmup, duration, caller => targets[caller].PingAsync,
            open => Console.Out.WriteLine(open ? "measuring now" : "measured now")); // so the parent can time CPU use
        return string.Create(CultureInfo.InvariantCulture,
            $"result {measured.Calls} {measured.Elapsed.Ticks} {measured.P50Us:R} {measured.P99Us:R} {remote}");
    }

    /// <summary>
    /// The first <paramref name="count"/> integer keys whose owner on the consistent-hash ring is the other silo, each
    /// asked once where it runs: a grain that answered from anywhere else would make the figure a local one.
    /// </summary>
    private async Task<(IPingGrain[] Targets, SiloAddress Remote)> RemoteTargetsAsync(int count)
    {
        var grains = services.GetRequiredService<IClusterClient>();
        var ring = services.GetRequiredService<ClusterPlacementDirector>().Ring;
        var local = services.GetRequiredService<LocalSiloDetails>().Address;
        var others = ring.Silos.Where(s => s != local).ToList();
        if (others.Count != 1)
        {
            throw new InvalidOperationException($"Expected exactly one other silo on the ring, found {others.Count}: {string.Join(", ", ring.Silos)}.");
        }

        var remote = others[0];
        var targets = new List<IPingGrain>(count);
        for (long key = 0; targets.Count < count; key++)
        {
            var grain = grains.GetGrain<IPingGrain>(key);
            if (ring.OwnerOf(((GrainReference)(object)grain).GrainId) == remote)
            {
                targets.Add(grain);
            }
        }

        var answers = await Task.WhenAll(targets.Select(t => t.SiloAsync().AsTask()));
        var misplaced = answers.Where(a => a != remote.ToString()).ToList();
        if (misplaced.Count > 0)
        {
            throw new InvalidOperationException($"{misplaced.Count} of {count} target grains run elsewhere than {remote}, e.g. on {misplaced[0]}.");
        }

        return ([.. targets], remote);
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TimeSpan Milliseconds(string text) => TimeSpan.FromMilliseconds(Int(text));
}
