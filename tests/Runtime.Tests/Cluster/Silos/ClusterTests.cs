using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Persistence;

namespace Netra.Runtime.Tests.Cluster.Silos;

/// <summary>Three silos in this process, each with its own TCP port, membership in memory or PostgreSQL.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private PostgresServer? _postgres;
    private string? _database;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetSharedAsync();
        _database = await _postgres.CreateDatabaseAsync("cluster");
        var builder = new TestClusterBuilder { InitialSilos = 3 }.UsePostgresStorage(_database).UseCluster();
        builder.ConfigureSiloServices(services => services.AddSingleton(new Support.LifecycleRecorder())); // CounterGrain reports to it
        _cluster = await builder.Build().DeployAsync();
        await _cluster.WaitForClusterAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _postgres!.DropDatabaseAsync(_database!);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Grains_are_placed_on_every_silo_and_reached_over_tcp()
    {
        var placements = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => _cluster.Client.GetGrain<IWhereGrain>($"where-{i}").WhereAsync()));

        var silos = placements.Select(p => p.Silo).Distinct().ToList();
        Assert.Equal(3, silos.Count);
        Assert.All(silos, silo => Assert.Contains(silo, _cluster.LiveSilos.Select(s => s.Address)));
    }

    [Fact]
    public async Task Concurrent_first_calls_from_three_silos_create_one_activation()
    {
        var key = NewKey();

        var answers = await Task.WhenAll(_cluster.LiveSilos.SelectMany(silo =>
            Enumerable.Range(0, 10).Select(_ => silo.GrainFactory.GetGrain<IWhereGrain>(key).WhereAsync())));

        Assert.Single(answers.Select(a => a.Activation).Distinct());
        Assert.Single(answers.Select(a => a.Silo).Distinct());
    }

    [Fact]
    public async Task Grain_to_grain_calls_and_references_cross_silos()
    {
        var grains = Enumerable.Range(0, 12).Select(i => _cluster.Client.GetGrain<IWhereGrain>($"ask-{i}")).ToList();

        foreach (var (asker, other) in grains.Zip(grains.Skip(1)))
        {
            Assert.Equal((await other.WhereAsync()).Silo, await asker.AskAsync(other));
        }
    }

    [Fact]
    public async Task Exceptions_cross_silos_with_their_type_and_message()
    {
        var grain = _cluster.Client.GetGrain<IWhereGrain>(NewKey());

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailAsync("no such model"));

        Assert.StartsWith("no such model", exception.Message);
        Assert.Equal("message", exception.ParamName);
    }

    [Fact]
    public async Task Stateless_workers_spread_across_silos()
    {
        var worker = _cluster.Client.GetGrain<ISpreadWorkerGrain>("tools");

        var silos = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => worker.WorkAsync()));

        Assert.Equal(3, silos.Distinct().Count());
    }

    [Fact]
    public async Task Grain_is_reachable_with_its_last_written_state_after_its_silo_is_killed()
    {
        var key = NewKey();
        var counter = _cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(41);
        await counter.AddAsync(1);
        var owner = OwnerOf(GrainId.Create("counter", key));
        var victim = _cluster.LiveSilos.Single(s => s.Address == owner);

        _cluster.KillSilo(victim);
        var clock = Stopwatch.StartNew();
        var value = await RetryUntilAsync(() => counter.GetAsync(), TimeSpan.FromSeconds(10));

        Assert.Equal(42, value);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"reachable again after {clock.Elapsed}");
        Assert.NotEqual(owner, OwnerOf(GrainId.Create("counter", key)));
    }

    [Fact]
    public async Task Calls_to_a_dead_silo_fail_fast()
    {
        var keyOnVictim = Enumerable.Range(0, 1000).Select(i => $"victim-{i}").First(k => OwnerOf(GrainId.Create("where", k)) == _cluster.Silos[2].Address);
        var grain = _cluster.Silos[0].GrainFactory.GetGrain<IWhereGrain>(keyOnVictim);
        await grain.WhereAsync();

        _cluster.KillSilo(_cluster.Silos[2]);
        var clock = Stopwatch.StartNew();
        var outcome = await Record.ExceptionAsync(() => grain.WhereAsync());

        // Either the call fails at once (the connection is gone) or, once the silo is declared dead, it succeeds
        // elsewhere; what it must never do is wait out the 30 s call timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the call took {clock.Elapsed}");
        Assert.True(outcome is null or SiloUnavailableException, $"unexpected {outcome}");
    }

    private SiloAddress OwnerOf(GrainId grainId) => new ConsistentHashRing(_cluster.LiveSilos.Select(s => s.Address)).OwnerOf(grainId);

    private static async Task<T> RetryUntilAsync<T>(Func<Task<T>> call, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
