using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Persistence;

/// <summary>What grains see of persistence. The same tests run on the in-memory store and on a real PostgreSQL.</summary>
public abstract class GrainPersistenceTests : IAsyncLifetime
{
    private readonly LifecycleRecorder _recorder = new();

    protected TestCluster Cluster { get; private set; } = null!;

    /// <summary>Storage as another writer would reach it, behind the grains' backs.</summary>
    protected abstract IGrainStorage DirectStorage { get; }

    protected abstract Task<TestClusterBuilder> CreateBuilderAsync();

    public async Task InitializeAsync()
    {
        var builder = await CreateBuilderAsync();
        builder.ConfigureSiloServices(services => services.AddSingleton(_recorder));
        Cluster = await builder.Build().DeployAsync();
    }

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task State_written_by_a_grain_is_read_by_its_next_activation()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(NewKey());
        await grain.AddAsync(5);
        var first = await grain.GetActivationIdAsync();
        await grain.LeaveAsync();

        Assert.Equal(5, await grain.GetAsync());
        Assert.NotEqual(first, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task State_survives_a_full_silo_restart()
    {
        var key = NewKey();
        await Cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(7);
        await Cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(8);

        await Cluster.RestartSiloAsync(Cluster.Silos[^1]);

        Assert.Equal(15, await Cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
    }

    [Fact]
    public async Task State_survives_a_silo_kill_up_to_the_last_completed_write()
    {
        var key = NewKey();
        await Cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(3);

        Cluster.KillSilo(Cluster.LiveSilos.Single());
        await Cluster.StartSiloAsync();

        Assert.Equal(3, await Cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
    }

    [Fact]
    public async Task Write_over_a_newer_stored_version_throws_InconsistentStateException_and_the_next_activation_reads_the_newer_state()
    {
        var key = NewKey();
        var grain = Cluster.Client.GetGrain<ICounterGrain>(key);
        await grain.AddAsync(1);
        var (etag, _) = await grain.GetStorageViewAsync();

        // Another writer (a duplicate activation, an operator) stores a newer version.
        var newer = JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 100 }, JsonSerializerOptions.Web);
        await DirectStorage.WriteAsync(GrainId.Create("counter", key), "counter", newer, etag, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AddAsync(1));
        await Eventually.TrueAsync(() => _recorder.Count(key, "deactivate:InconsistentState") == 1, "the stale activation is deactivated");
        Assert.Equal(100, await grain.GetAsync());
        Assert.Equal(101, await grain.AddAsync(1));
    }

    [Fact]
    public async Task Duplicate_activations_on_two_silos_race_and_exactly_one_write_wins()
    {
        // One silo places every grain locally, so the same grain called through two silos has two activations:
        // the situation a cluster's directory prevents, and storage must survive when it happens anyway.
        var key = NewKey();
        var second = await Cluster.StartSiloAsync();
        var onFirst = Cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>(key);
        var onSecond = second.GrainFactory.GetGrain<ICounterGrain>(key);
        await onFirst.AddAsync(10);
        Assert.Equal(10, await onSecond.GetAsync());

        var gate = Gates.New();
        var writes = new[] { onFirst.AddWhenOpenAsync(1, gate), onSecond.AddWhenOpenAsync(2, gate) };
        Gates.Open(gate);
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                return (Value: await write, Lost: false);
            }
            catch (InconsistentStateException)
            {
                return (Value: 0, Lost: true);
            }
        }));

        Assert.Single(outcomes, o => o.Lost);
        var winner = outcomes.Single(o => !o.Lost).Value;
        Assert.Contains(winner, new[] { 11, 12 });
        await Eventually.TrueAsync(() => _recorder.Count(key, "deactivate:InconsistentState") == 1, "the loser is deactivated");
        Assert.Equal(winner, await onFirst.GetAsync());
        Assert.Equal(winner, await onSecond.GetAsync());
    }

    [Fact]
    public async Task Cleared_state_is_gone_for_the_next_activation_and_an_old_etag_cannot_write_over_it()
    {
        var key = NewKey();
        var grain = Cluster.Client.GetGrain<ICounterGrain>(key);
        await grain.AddAsync(4);
        var (etagBeforeClear, _) = await grain.GetStorageViewAsync();

        await grain.ClearAsync();
        await grain.LeaveAsync();

        Assert.Equal(0, await grain.GetAsync());
        Assert.False((await grain.GetStorageViewAsync()).RecordExists);
        var stale = JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 4 }, JsonSerializerOptions.Web);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => DirectStorage.WriteAsync(GrainId.Create("counter", key), "counter", stale, etagBeforeClear, CancellationToken.None));
    }
}

public sealed class MemoryGrainPersistenceTests : GrainPersistenceTests
{
    protected override IGrainStorage DirectStorage => Cluster.MemoryStorage;

    protected override Task<TestClusterBuilder> CreateBuilderAsync() => Task.FromResult(new TestClusterBuilder());
}

public sealed class PostgresGrainPersistenceTests : GrainPersistenceTests
{
    private PostgresServer _server = null!;
    private string _connectionString = "";
    private PostgresGrainStorage? _direct;

    protected override IGrainStorage DirectStorage =>
        _direct ??= new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = _connectionString });

    protected override async Task<TestClusterBuilder> CreateBuilderAsync()
    {
        _server = await PostgresServer.GetSharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("grain_persistence");
        return new TestClusterBuilder().UsePostgresStorage(_connectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_direct is not null)
        {
            await _direct.DisposeAsync();
        }

        await _server.DropDatabaseAsync(_connectionString);
    }
}
