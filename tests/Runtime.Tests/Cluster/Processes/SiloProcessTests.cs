using System.Diagnostics;
using Netra.Grains.Health;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Cluster.Membership;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>
/// Silos as separate processes (<c>dotnet Netra.Silo.dll</c>, configured as <c>deploy/local/cluster</c> configures them),
/// killed with SIGKILL. Each test has a fresh database, so it also proves that a silo migrates before it joins.
/// </summary>
public sealed class SiloProcessTests
{
    /// <summary>
    /// Failure detection fast enough for a test, loose enough for a busy 2-core machine: a silo that stops answering
    /// is voted dead after 2 × max(0.5 s, 1 s) + 1 s = 3 s, and every silo knows 1 s later.
    /// </summary>
    private static readonly Dictionary<string, string> s_fastFailureDetection = new()
    {
        ["Netra:Cluster:Membership:ProbeInterval"] = "00:00:00.500",
        ["Netra:Cluster:Membership:ProbeTimeout"] = "00:00:01",
        ["Netra:Cluster:Membership:NumMissedProbesLimit"] = "2",
        ["Netra:Cluster:Membership:RefreshInterval"] = "00:00:01",
    };

    [Fact]
    public async Task Grain_survives_a_silo_process_killed_with_SIGKILL()
    {
        GrainTypeRegistry.RegisterAssembly(typeof(HealthProbeGrain).Assembly); // the client learns grain types from the classes
        await using var cluster = await SiloProcessCluster.StartAsync(3, s_fastFailureDetection);
        try
        {
            await using var client = await ClusterClient.ConnectAsync(cluster.MembershipTable);
            var keys = Enumerable.Range(0, 12).Select(i => $"probe-{i}").ToList();
            var before = new Dictionary<string, HealthProbeReport>();
            foreach (var key in keys)
            {
                await ProbeAsync(client, key, CancellationToken.None);
                before[key] = await ProbeAsync(client, key, CancellationToken.None); // two writes: the state to survive is Probes = 2
            }

            var victim = cluster.Silos.OrderByDescending(s => before.Values.Count(r => r.Silo == s.Name)).First();
            var moved = keys.Where(k => before[k].Silo == victim.Name).ToList();
            Assert.NotEmpty(moved);

            victim.Kill();
            var clock = Stopwatch.StartNew();
            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var after = await Task.WhenAll(moved.Select(k => ProbeUntilAnsweredAsync(client, k, within.Token)));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the moved grains answered after {clock.Elapsed}");
            foreach (var (key, report) in moved.Zip(after))
            {
                Assert.NotEqual(victim.Name, report.Silo);
                Assert.Equal(before[key].Probes + 1, report.Probes);
            }
        }
        catch (Exception failure)
        {
            throw cluster.WithSiloOutput(failure);
        }
    }

    private static Task<HealthProbeReport> ProbeAsync(IClusterClient client, string key, CancellationToken cancellationToken) =>
        client.GetGrain<IHealthProbeGrain>(key).ProbeAsync(cancellationToken);

    /// <summary>
    /// Probes until a silo answers. The killed silo was gone before these calls were sent, so a call that failed with
    /// <see cref="SiloUnavailableException"/> ran nowhere and is safe to send again.
    /// </summary>
    private static async Task<HealthProbeReport> ProbeUntilAnsweredAsync(IClusterClient client, string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await ProbeAsync(client, key, cancellationToken);
            }
            catch (SiloUnavailableException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"health probe {key} did not answer within 10 s of its silo's SIGKILL");
            }
        }
    }

    [Fact]
    public async Task Silo_process_killed_with_SIGKILL_is_declared_dead_by_the_others()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(3, s_fastFailureDetection);
        try
        {
            var victim = cluster["silo-2"];

            victim.Kill();
            var clock = Stopwatch.StartNew();
            var dead = await WaitUntilAsync(cluster, s => s.Entries.Any(e => e.Silo.Port == victim.Port && e.Status == SiloStatus.Dead), TimeSpan.FromSeconds(10));

            Assert.True(dead, $"silo-2 was not declared Dead within 10 s of its SIGKILL ({clock.Elapsed})");
            var active = (await cluster.MembershipTable.ReadAllAsync(CancellationToken.None)).ActiveSilos;
            Assert.Equal(2, active.Count);
            Assert.DoesNotContain(active, s => s.Port == victim.Port);
            Assert.All(cluster.Silos.Where(s => s != victim), s => Assert.False(s.HasExited, $"{s.Name} exited"));
        }
        catch (Exception failure)
        {
            throw cluster.WithSiloOutput(failure);
        }
    }

    private static async Task<bool> WaitUntilAsync(SiloProcessCluster cluster, Func<MembershipSnapshot, bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (condition(await cluster.MembershipTable.ReadAllAsync(CancellationToken.None)))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return false;
    }
}
