using Netra.Runtime.Placement;
using Netra.Runtime.Streams;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Streams;

/// <summary>Streams across three silos over TCP, with the log in PostgreSQL, seen from a cluster client.</summary>
public sealed class StreamClusterTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private PostgresServer _postgres = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetSharedAsync();
        _database = await _postgres.CreateDatabaseAsync("stream_cluster");
        _cluster = await new TestClusterBuilder { InitialSilos = 3 }.UsePostgresStorage(_database).UseCluster().Build().DeployAsync();
        await _cluster.WaitForClusterAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task A_client_subscription_survives_the_death_of_the_silo_hosting_the_stream()
    {
        var id = new StreamId("user", $"u-{Guid.NewGuid():N}");
        var stream = _cluster.Streams.GetStream<int>(id);
        var inbox = new StreamInbox<int>();
        await using var subscription = await _cluster.Streams.GetStream<int>(id).SubscribeAsync(inbox.OnItemsAsync, 0);
        var acknowledged = new List<int>();
        for (var i = 1; i <= 20; i++)
        {
            await stream.OnNextAsync(i);
            acknowledged.Add(i);
        }

        await Eventually.TrueAsync(() => inbox.Count == 20, "the first 20 items delivered");
        _cluster.KillSilo(_cluster.LiveSilos.Single(s => s.Address == OwnerOf(id)));
        for (var i = 21; i <= 60; i++)
        {
            if (await AppendWithRetryAsync(stream, i))
            {
                acknowledged.Add(i);
            }
        }

        var last = await stream.GetLastSequenceAsync();
        await Eventually.TrueAsync(() => subscription.LastDelivered == last, $"every item up to {last} delivered (at {subscription.LastDelivered})", 20_000);
        inbox.AssertContiguous(1, last);
        Assert.Subset(inbox.Items.Select(i => i.Value).ToHashSet(), acknowledged.ToHashSet());
    }

    [Fact]
    public async Task Grains_and_clients_on_different_silos_see_one_numbering()
    {
        var id = new StreamId("test", $"s-{Guid.NewGuid():N}");
        var fromClient = _cluster.Streams.GetStream<string>(id);
        var fromSilos = _cluster.LiveSilos.Select(s => StreamProviders.Create(s.GrainFactory).GetStream<string>(id)).ToList();
        var inbox = new StreamInbox<string>();
        await using var subscription = await fromSilos[1].SubscribeAsync(inbox.OnItemsAsync, 0);

        var sequences = new List<long> { await fromClient.OnNextAsync("client") };
        foreach (var silo in fromSilos)
        {
            sequences.Add(await silo.OnNextAsync("silo"));
        }

        Assert.Equal([1L, 2L, 3L, 4L], sequences);
        await Eventually.TrueAsync(() => inbox.Count == 4, "the subscriber on a silo got all four");
        inbox.AssertContiguous(1, 4);
    }

    [Fact]
    public async Task A_subscription_made_in_another_silo_gets_pushes_without_waiting_for_a_renewal()
    {
        var id = new StreamId("test", $"p-{Guid.NewGuid():N}");
        var subscriber = _cluster.LiveSilos.First(s => s.Address != OwnerOf(id));
        var provider = StreamProviders.Create(subscriber.GrainFactory, new StreamOptions { RenewInterval = TimeSpan.FromMinutes(5), SubscriberLease = TimeSpan.FromMinutes(10) });
        var inbox = new StreamInbox<int>();
        await using var subscription = await provider.GetStream<int>(id).SubscribeAsync(inbox.OnItemsAsync, 0);

        await _cluster.Streams.GetStream<int>(id).OnNextBatchAsync([1, 2, 3]);

        await Eventually.TrueAsync(() => inbox.Count == 3, "pushed to the other silo", timeoutMs: 5_000);
        inbox.AssertContiguous(1, 3);
    }

    /// <summary>
    /// Appends, retrying while the stream fails over. A call in flight when the silo died may have run, so a retry can
    /// append the value twice; numbering stays gapless either way, which is what the test checks.
    /// </summary>
    private static async Task<bool> AppendWithRetryAsync(IAsyncStream<int> stream, int value)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await stream.OnNextAsync(value);
                return true;
            }
            catch (SiloUnavailableException)
            {
                await Task.Delay(250);
            }
        }

        return false;
    }

    private SiloAddress OwnerOf(StreamId id) =>
        new ConsistentHashRing(_cluster.LiveSilos.Select(s => s.Address)).OwnerOf(GrainId.Create(StreamGrain.GrainType, id.ToString()));
}
