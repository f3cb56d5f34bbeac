using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>
/// Membership services of several silos on one table, one fake clock and one <see cref="FakeNetwork"/>. By default the
/// test drives them: each step moves the clock and then runs every live silo's due protocol steps, in parallel.
/// </summary>
public sealed class MembershipTestCluster(IMembershipTable table, MembershipOptions options, bool backgroundLoops) : IAsyncDisposable
{
    public const string Host = "10.0.0.1";

    private readonly List<MembershipService> _silos = [];

    public IMembershipTable Table { get; } = table;

    public MembershipOptions Options { get; } = options;

    public FakeTimeProvider Clock { get; } = new();

    public FakeNetwork Network { get; } = new();

    /// <summary>The silos that run: not killed, not stopped.</summary>
    public IReadOnlyList<MembershipService> Silos => _silos;

    public static async Task<MembershipTestCluster> StartAsync(
        IMembershipTable table, int silos, Action<MembershipOptions>? configure = null, bool backgroundLoops = false)
    {
        var options = new MembershipOptions { ClusterId = table.ClusterId };
        configure?.Invoke(options);
        var cluster = new MembershipTestCluster(table, options, backgroundLoops);
        for (var i = 1; i <= silos; i++)
        {
            await cluster.StartSiloAsync(11110 + i);
        }

        return cluster;
    }

    public MembershipService CreateService(int port) =>
        new(Table, Network.ProberFor(port), Options, Clock) { RunsBackgroundLoop = backgroundLoops };

    public async Task<MembershipService> StartSiloAsync(int port)
    {
        var service = CreateService(port);
        await service.JoinAsync(Host, port, $"silo-{port}", CancellationToken.None);
        _silos.Add(service);
        return service;
    }

    /// <summary>Kills a silo as SIGKILL would: it writes nothing more, and probes of it fail (or hang).</summary>
    public async Task KillAsync(MembershipService silo, bool hang = false)
    {
        Network.Kill(silo.Silo!, hang);
        _silos.Remove(silo);
        await silo.DisposeAsync();
    }

    /// <summary>Keeps a silo's service (a zombie the test still ticks by hand) out of the cluster's steps.</summary>
    public void Detach(MembershipService silo) => _silos.Remove(silo);

    public async Task StepAsync(TimeSpan step)
    {
        Clock.Advance(step);
        if (!backgroundLoops)
        {
            await Task.WhenAll(_silos.Select(s => s.TickAsync(CancellationToken.None)));
        }
        else
        {
            await Task.Delay(5);
        }
    }

    public async Task RunForAsync(TimeSpan duration, TimeSpan? step = null)
    {
        var size = step ?? TimeSpan.FromMilliseconds(100);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += size)
        {
            await StepAsync(size);
        }
    }

    /// <summary>Steps until <paramref name="condition"/> holds; returns the fake time that took, failing past <paramref name="limit"/>.</summary>
    public async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan limit, string because, TimeSpan? step = null)
    {
        var size = step ?? TimeSpan.FromMilliseconds(100);
        var start = Clock.GetUtcNow();
        while (!condition())
        {
            if (Clock.GetUtcNow() - start > limit)
            {
                Assert.Fail($"After {limit} of fake time, still not: {because}.");
            }

            await StepAsync(size);
        }

        return Clock.GetUtcNow() - start;
    }

    /// <summary>Whether every running silo's snapshot shows <paramref name="silo"/> with <paramref name="status"/>.</summary>
    public bool AllSee(SiloAddress silo, SiloStatus status) => _silos.All(s => s.Snapshot.Find(silo)?.Status == status);

    public async Task<MembershipEntry> ReadRowAsync(SiloAddress silo) =>
        (await Table.ReadAllAsync(CancellationToken.None)).Find(silo) ?? throw new InvalidOperationException($"No row for {silo}.");

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}
