using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Cluster.Silos;
using Netra.Runtime.Tests.Persistence;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Cluster.Client;

/// <summary>A cluster client over TCP, as a gateway uses it, against three silos sharing PostgreSQL.</summary>
public sealed class ClusterClientTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private PostgresServer? _postgres;
    private string? _database;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetSharedAsync();
        _database = await _postgres.CreateDatabaseAsync("client");
        var builder = new TestClusterBuilder { InitialSilos = 3 }.UsePostgresStorage(_database).UseCluster();
        builder.ConfigureSiloServices(services => services.AddSingleton(new LifecycleRecorder())); // CounterGrain reports to it
        _cluster = await builder.Build().DeployAsync();
        await _cluster.WaitForClusterAsync();
        await Eventually.TrueAsync(() => _cluster.Client is ClusterClient { ActiveSilos.Count: 3 }, "the client sees three silos");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _postgres!.DropDatabaseAsync(_database!);
    }

    [Fact]
    public async Task Client_calls_grains_on_every_silo_in_one_hop()
    {
        var placements = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => _cluster.Client.GetGrain<IWhereGrain>($"c-{i}").WhereAsync()));

        Assert.Equal(3, placements.Select(p => p.Silo).Distinct().Count());
        Assert.All(placements.Select((p, i) => (p.Silo, Key: $"c-{i}")), p => Assert.Equal(OwnerOf(GrainId.Create("where", p.Key)), p.Silo));
    }

    [Fact]
    public async Task Client_fails_over_when_its_silo_dies()
    {
        var key = Guid.NewGuid().ToString("N");
        var counter = _cluster.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(5, await counter.AddAsync(5));
        var owner = OwnerOf(GrainId.Create("counter", key));
        var client = (ClusterClient)_cluster.Client;

        _cluster.KillSilo(_cluster.LiveSilos.Single(s => s.Address == owner));
        var clock = Stopwatch.StartNew();
        // A call written to the socket before the client saw it close may have run, so it fails (as in Orleans); the
        // promise is for calls made after that: they wait for membership to move the grain, and only take longer.
        await Eventually.TrueAsync(() => !client.ConnectedSilos.Contains(owner), "the client saw its connection to the dead silo close");
        var value = await counter.AddAsync(1); // no retry here: the client waits for failover itself

        Assert.Equal(6, value);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"failover took {clock.Elapsed}");
        Assert.NotEqual(owner, OwnerOf(GrainId.Create("counter", key)));
    }

    [Fact]
    public async Task Grains_on_any_silo_call_the_clients_observers_back()
    {
        var inbox = new Inbox();
        var member = _cluster.Client.CreateObjectReference<IRoomObserver>(inbox);
        var rooms = _cluster.LiveSilos
            .Select(silo => Enumerable.Range(0, 1000).Select(i => $"room-{i}").First(k => OwnerOf(GrainId.Create("room", k)) == silo.Address))
            .Select(key => _cluster.Client.GetGrain<IRoomGrain>(key))
            .ToList();

        foreach (var room in rooms)
        {
            await room.JoinAsync(member);
            Assert.Equal(1, await room.PublishAsync($"hello from {room}"));
        }

        Assert.Equal(rooms.Count, inbox.Received.Count);
        Assert.Equal(3, inbox.Received.Select(r => r.From).Distinct().Count());
    }

    [Fact]
    public async Task A_deleted_observer_is_no_longer_called()
    {
        var member = _cluster.Client.CreateObjectReference<IRoomObserver>(new Inbox());
        var room = _cluster.Client.GetGrain<IRoomGrain>(Guid.NewGuid().ToString("N"));
        await room.JoinAsync(member);

        _cluster.Client.DeleteObjectReference(member);

        await Assert.ThrowsAsync<InvalidOperationException>(() => room.PublishAsync("anyone?"));
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_the_token_the_grain_on_another_silo_holds()
    {
        var room = _cluster.Client.GetGrain<IRoomGrain>(Guid.NewGuid().ToString("N"));
        using var cancellation = new CancellationTokenSource();
        var call = room.WaitForCancellationAsync(cancellation.Token);
        await Eventually.TrueAsync(() => room.IsWaitingAsync(), "the grain waits on the token");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.TrueAsync(async () => await room.CancellationsSeenAsync() == 1, "the grain saw the cancellation");
        Assert.False(await room.IsWaitingAsync());
    }

    private SiloAddress OwnerOf(GrainId grainId) => new ConsistentHashRing(_cluster.LiveSilos.Select(s => s.Address)).OwnerOf(grainId);
}
