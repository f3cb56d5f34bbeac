using System.Net;
using System.Net.Sockets;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;
using Netra.Runtime.Testing;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>The store contract on ClickHouse, and what only a server store does: migrate, retry, fail clearly.</summary>
public sealed class ClickHouseStoreContractTests : WorkloadStoreContract
{
    protected override async Task<IWorkloadStore> StoreAsync(int maxEventsPerUser = 1_000_000) => await ClickHouseStores.SharedAsync(maxEventsPerUser);

    [Fact]
    public async Task A_read_without_prompts_leaves_the_prompt_and_prefix_hashes_out()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(0, promptHash: "ph", prefix: [1, 2])], CancellationToken.None);

        var e = Assert.Single(await ToListAsync(store.ReadAsync(user, WorkloadFilter.All, prompts: false, CancellationToken.None)));

        Assert.Equal((null, null, 100L), (e.PromptHash, e.PrefixHashes, e.InputTokens));
    }

    [Fact]
    public async Task Two_stores_migrate_a_fresh_database_at_once_and_again_without_harm()
    {
        var server = await ClickHouseServer.GetSharedAsync();
        var database = ClickHouseServer.NewDatabaseName("migrate");
        using var first = ClickHouseStores.Create(server.Url, database);
        using var second = ClickHouseStores.Create(server.Url, database);

        await Task.WhenAll(first.MigrateAsync(None), second.MigrateAsync(None));
        using var third = ClickHouseStores.Create(server.Url, database);
        await third.MigrateAsync(None);

        var user = ClickHouseStores.NewUser();
        Assert.Equal(1, await first.AppendAsync(user, [Sample.At(0)], None));
        Assert.Single(await third.ListDatasetsAsync(user, None));
    }

    [Fact]
    public async Task An_unreachable_server_fails_after_the_retries_with_a_clear_message_and_no_password()
    {
        using var store = ClickHouseStores.Create(new Uri("http://127.0.0.1:9/"), "netra", configure: o =>
        {
            o.Password = "s3cret-pa55";
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        });

        var error = await Assert.ThrowsAsync<WorkloadStoreUnavailableException>(() => store.AppendAsync("u", [Sample.At(0)], None));

        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 times", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_keeps_answering_5xx_is_retried_then_reported_unavailable()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = 0;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                Interlocked.Increment(ref requests);
                context.Response.StatusCode = 503;
                await context.Response.OutputStream.WriteAsync("Code: 202, too many simultaneous queries"u8.ToArray());
                context.Response.Close();
            }
        });
        using var store = ClickHouseStores.Create(new Uri($"http://127.0.0.1:{port}/"), "netra", configure: o =>
        {
            o.MaxAttempts = 4;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        });

        var error = await Assert.ThrowsAsync<WorkloadStoreUnavailableException>(() => store.ListDatasetsAsync("u", None));

        Assert.Equal(4, requests);
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => serving);
    }

    [Fact]
    public async Task A_wrong_password_is_rejected_without_echoing_it()
    {
        var server = await ClickHouseServer.GetSharedAsync();
        using var store = ClickHouseStores.Create(server.Url, "netra_wrong_password", configure: o => o.Password = "s3cret-pa55");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.ListDatasetsAsync("u", None));

        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_ride_out_a_restart_of_the_server_and_acknowledge_only_stored_events()
    {
        await using var server = await ClickHouseServer.StartNewAsync();
        using var store = ClickHouseStores.Create(server.Url, "netra", configure: o =>
        {
            o.MaxAttempts = 8;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(250);
        });
        var user = ClickHouseStores.NewUser();
        Assert.Equal(2, await store.AppendAsync(user, [Sample.At(0), Sample.At(1)], None));

        await server.StopAsync();
        var append = store.AppendAsync(user, [Sample.At(2), Sample.At(3), Sample.At(4)], None);
        await Task.Delay(300);
        await server.StartAsync();

        Assert.Equal(3, await append);
        Assert.Equal(5, (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], [Measure.Count()]), None)).Single.Values[0]);
    }

    [Fact]
    public async Task An_insert_whose_answer_is_lost_is_stored_and_rolled_up_exactly_once()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        await using var relay = new LostAnswerRelay(db.Server.Url);
        using var store = ClickHouseStores.Create(relay.Url, db.Name);
        var user = ClickHouseStores.NewUser();
        var events = ClickHouseRollupTests.Events();

        Assert.Equal(events.Count, await store.AppendAsync(user, events, None));

        Assert.Equal(1, relay.Lost);
        Assert.Equal($"{events.Count}\t{events.Count}\n", await db.QueryAsync($"SELECT count(), uniqExact(seq) FROM {db.Name}.workload_events_v3 WHERE user_id = '{user}'"));
        Assert.Equal($"{events.Count}\t{events.Count}\n", await db.QueryAsync(
            $"SELECT (SELECT sum(events) FROM {db.Name}.workload_hourly_v3 WHERE user_id = '{user}'), (SELECT sum(events) FROM {db.Name}.workload_bins_v4 WHERE user_id = '{user}')"));
    }

    [Fact]
    public async Task Large_batches_stream_in_and_out()
    {
        var store = await ClickHouseStores.SharedAsync();
        var user = ClickHouseStores.NewUser();
        var events = Enumerable.Range(0, 20_000).Select(i => Sample.At(i % 500, input: i, endUser: $"u{i % 37}")).ToList();

        Assert.Equal(events.Count, await store.AppendAsync(user, events, None));

        var previous = (Ms: long.MinValue, Input: -1L);
        var count = 0;
        await foreach (var e in store.ReadAsync(user, WorkloadFilter.All, None))
        {
            var ms = e.Timestamp.ToUnixTimeMilliseconds();
            Assert.True(ms > previous.Ms || (ms == previous.Ms && e.InputTokens > previous.Input), "timestamp, then arrival order");
            previous = (ms, e.InputTokens);
            count++;
        }

        Assert.Equal(events.Count, count);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public void The_store_is_chosen_by_configuration()
    {
        Assert.Equal(WorkloadOptions.EmbeddedStore, new WorkloadOptions().Store);
        Assert.Throws<ArgumentException>(() => ClickHouseStores.Create(new Uri("http://127.0.0.1:1/"), "bad-name; DROP"));
    }
}
