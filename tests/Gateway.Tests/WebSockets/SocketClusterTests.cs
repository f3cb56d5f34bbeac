using Netra.Grains.Events;
using Netra.Grains.Health;
using Netra.Runtime;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>
/// Gateways as clients of three silos over TCP, with membership, grain state and streams in PostgreSQL: no sticky
/// sessions, nothing held only in a gateway, and no gap when a gateway stops or a silo dies.
/// </summary>
public sealed class SocketClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = $"ws-{Guid.NewGuid():N}";
    private PostgresServer _postgres = null!;
    private string _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TestCluster _silos = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetSharedAsync();
        _database = await _postgres.CreateDatabaseAsync("sockets");
        await new PostgresMigrator(_database).InitializeAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(_database);
        GrainTypeRegistry.RegisterAssembly(typeof(HealthProbeGrain).Assembly);
        _silos = await new TestClusterBuilder { InitialSilos = 3 }
            .UsePostgresStorage(_database)
            .UseCluster(new PostgresMembershipTable(_dataSource, _clusterId))
            .Build().DeployAsync();
        await _silos.WaitForClusterAsync();
    }

    public async Task DisposeAsync()
    {
        await _silos.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task A_user_on_two_gateways_gets_every_event_on_both_and_losing_one_loses_nothing()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        var first = Gateway();
        await using var second = Gateway();
        var token = await first.TokenAsync(user);
        var onFirst = await ConnectedAsync(first, token);
        await using var onSecond = await ConnectedAsync(second, token);

        await EmitAsync(user, 50);
        var seenOnFirst = await onFirst.ReceiveEventsThroughAsync(50);
        var producing = EmitAsync(user, 50);
        await first.DisposeAsync(); // the first gateway goes away mid-stream
        await using var moved = await second.ConnectAsync(token, afterSeq: seenOnFirst[^1].Seq);
        await moved.ReceiveUntilAsync("connection_established");
        await producing;

        var resumed = await moved.ReceiveEventsThroughAsync(100);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seenOnFirst.Concat(resumed).Select(e => e.Seq!.Value));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await onSecond.ReceiveEventsThroughAsync(100, 20_000)).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_silo_killed_while_events_stream_leaves_no_gap()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        await using var gateway = Gateway();
        await using var socket = await ConnectedAsync(gateway, await gateway.TokenAsync(user));
        await EmitAsync(user, 20);
        await socket.ReceiveEventsThroughAsync(20);

        var owner = new ConsistentHashRing(_silos.LiveSilos.Select(s => s.Address))
            .OwnerOf(GrainId.Create("netra.stream", UserStreams.For(user).ToString()));
        _silos.KillSilo(_silos.LiveSilos.Single(s => s.Address == owner));
        var last = 20L;
        for (var i = 0; i < 40; i++)
        {
            last = await EmitWithRetryAsync(user) ?? last;
        }

        var events = await socket.ReceiveEventsThroughAsync(last, 30_000);
        Assert.Equal(Enumerable.Range(21, (int)last - 20).Select(i => (long)i), events.Select(e => e.Seq!.Value));
    }

    private KestrelGateway Gateway() => new(new Dictionary<string, string?>
    {
        ["Netra:Cluster:Enabled"] = "true",
        ["Netra:Postgres:ConnectionString"] = _database,
        ["Netra:Cluster:Membership:ClusterId"] = _clusterId,
        ["Netra:Cluster:Client:RefreshInterval"] = "00:00:00.300",
        ["Netra:Streams:RenewInterval"] = "00:00:00.500",
        ["Netra:Streams:SubscriberLease"] = "00:00:05",
    });

    private static async Task<SocketClient> ConnectedAsync(KestrelGateway gateway, string token)
    {
        var socket = await gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");
        return socket;
    }

    private async Task EmitAsync(string user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await EmitWithRetryAsync(user);
        }
    }

    /// <summary>Appends one event as a grain would, retrying while its stream fails over; null if it never got through.</summary>
    private async Task<long?> EmitWithRetryAsync(string user)
    {
        var stream = _silos.Streams.GetStream<UserEvent>(UserStreams.For(user));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                return await stream.OnNextAsync(new UserEvent(
                    UserEventTypes.AgentLog, System.Text.Json.JsonSerializer.SerializeToElement(new { attempt }), null, null, "test", DateTimeOffset.UtcNow));
            }
            catch (SiloUnavailableException)
            {
                await Task.Delay(250);
            }
        }

        return null;
    }
}
