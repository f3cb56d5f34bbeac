using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Persistence;
using Netra.Runtime.Tests.Support;

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
    public async Task Prefer_local_workers_run_on_the_calling_silo()
    {
        foreach (var silo in _cluster.LiveSilos)
        {
            var ran = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => silo.GrainFactory.GetGrain<ILocalWorkerGrain>("tools").WorkAsync()));

            Assert.All(ran, where => Assert.Equal(silo.Address, where));
        }
    }

    [Fact]
    public async Task Random_workers_use_more_than_one_silo()
    {
        var worker = _cluster.Silos[0].GrainFactory.GetGrain<IRandomWorkerGrain>("tools");

        var silos = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => worker.WorkAsync()));

        Assert.True(silos.Distinct().Count() > 1, "60 random placements over three silos all chose one");
    }

    [Fact]
    public async Task Prefer_local_grain_activates_on_the_calling_silo_and_every_caller_finds_it()
    {
        var keys = _cluster.LiveSilos.ToDictionary(silo => silo, _ => NewKey());

        foreach (var (silo, key) in keys)
        {
            var first = await silo.GrainFactory.GetGrain<INearGrain>(key).WhereAsync();
            Assert.Equal(silo.Address, first.Silo);

            var seen = await Task.WhenAll(_cluster.LiveSilos.Select(s => s.GrainFactory.GetGrain<INearGrain>(key).WhereAsync())
                .Append(_cluster.Client.GetGrain<INearGrain>(key).WhereAsync()));
            Assert.All(seen, where => Assert.Equal(first, where));
        }
    }

    [Fact]
    public async Task Randomly_placed_grains_spread_and_every_caller_finds_the_one_activation()
    {
        var keys = Enumerable.Range(0, 30).Select(_ => NewKey()).ToList();

        var first = await Task.WhenAll(keys.Select(k => _cluster.Client.GetGrain<IScatteredGrain>(k).WhereAsync()));
        var again = await Task.WhenAll(keys.SelectMany(k => _cluster.LiveSilos.Select(s => s.GrainFactory.GetGrain<IScatteredGrain>(k).WhereAsync())));

        Assert.True(first.Select(w => w.Silo).Distinct().Count() > 1, "30 random placements over three silos all chose one");
        Assert.Equal(first.Select(w => w.Activation).ToHashSet(), again.Select(w => w.Activation).ToHashSet());
    }

    [Fact]
    public async Task Randomly_placed_grain_comes_back_elsewhere_with_its_state_after_its_silo_is_killed()
    {
        var grain = _cluster.Client.GetGrain<IScatteredGrain>(NewKey());
        Assert.Equal(7, await grain.AddAsync(7));
        var host = (await grain.WhereAsync()).Silo;
        var client = (Runtime.Cluster.Client.ClusterClient)_cluster.Client;

        _cluster.KillSilo(_cluster.LiveSilos.Single(s => s.Address == host));
        await Eventually.TrueAsync(() => !client.ConnectedSilos.Contains(host), "the client saw its connection to the dead silo close");

        Assert.Equal(8, await grain.AddAsync(1));
        Assert.NotEqual(host, (await grain.WhereAsync()).Silo);
    }

    [Fact]
    public async Task Duplicate_activation_cannot_overwrite_newer_state()
    {
        var key = NewKey();
        var counter = _cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(1);
        var grainId = GrainId.Create("counter", key);
        var other = _cluster.LiveSilos.First(s => s.Address != OwnerOf(grainId));
        // A second activation on a silo that does not own the grain, as a stale view of membership could create.
        var duplicate = BypassingPlacement<ICounterGrain>(other, grainId);
        Assert.Equal(1, await duplicate.GetAsync());

        Assert.Equal(11, await counter.AddAsync(10));
        var stale = await Record.ExceptionAsync(() => duplicate.AddAsync(5));

        Assert.IsType<InconsistentStateException>(stale);
        Assert.Equal(11, await counter.GetAsync());
        await Eventually.TrueAsync(
            () => !other.Services.GetRequiredService<Activation.Catalog>().Activations.Any(a => a.GrainId == grainId),
            "the duplicate deactivated itself");
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

    /// <summary>A reference whose calls go straight into <paramref name="silo"/>'s catalog, whoever owns the grain.</summary>
    private static T BypassingPlacement<T>(TestSilo silo, GrainId grainId)
    {
        var services = silo.Services;
        var invoker = new GrainCallInvoker(
            new CatalogSender(services.GetRequiredService<Activation.Catalog>()), services.GetRequiredService<CallbackRegistry>(), TimeProvider.System, TimeSpan.FromSeconds(30));
        return GrainFactory.CreateReference<T>(invoker, grainId);
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

    private sealed class CatalogSender(Activation.Catalog catalog) : IMessageSender
    {
        public void Send(Message message) => catalog.Deliver(message);
    }
}
