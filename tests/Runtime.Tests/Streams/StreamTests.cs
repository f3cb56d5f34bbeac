using Netra.Runtime.Streams;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Streams;

/// <summary>Streams on the embedded default: one silo, items in memory.</summary>
public sealed class StreamTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IStreamProvider Streams => _cluster.Streams;

    public async Task InitializeAsync() => _cluster = await new TestClusterBuilder().Build().DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Items_are_numbered_from_one_without_gaps()
    {
        var stream = Streams.GetStream<string>(new StreamId("test", Guid.NewGuid().ToString("N")));

        var first = await stream.OnNextAsync("a");
        var last = await stream.OnNextBatchAsync(["b", "c", "d"]);

        Assert.Equal(1, first);
        Assert.Equal(4, last);
        Assert.Equal(4, await stream.GetLastSequenceAsync());
        var page = await stream.ReadAsync(1, 10);
        Assert.Equal(["b", "c", "d"], page.Items.Select(i => i.Value));
        Assert.Equal([2L, 3L, 4L], page.Items.Select(i => i.Sequence));
    }

    [Fact]
    public async Task A_subscriber_gets_the_history_after_its_start_then_live_items_in_order()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        for (var i = 1; i <= 50; i++)
        {
            await stream.OnNextAsync(i);
        }

        var inbox = new StreamInbox<int>();
        await using var subscription = await stream.SubscribeAsync(inbox.OnItemsAsync, afterSequence: 20);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async producer =>
        {
            for (var i = 0; i < 50; i++)
            {
                await stream.OnNextAsync(1000 + (producer * 100) + i);
            }
        }));

        await Eventually.TrueAsync(() => inbox.Count == 530, $"530 items delivered (got {inbox.Count})");
        inbox.AssertContiguous(21, 550);
        Assert.Equal(Enumerable.Range(21, 30), inbox.Items.Take(30).Select(i => i.Value));
        Assert.Equal(550, subscription.LastDelivered);
    }

    [Fact]
    public async Task A_subscriber_from_now_gets_only_new_items()
    {
        var stream = Streams.GetStream<string>(new StreamId("test", Guid.NewGuid().ToString("N")));
        await stream.OnNextAsync("old");
        var inbox = new StreamInbox<string>();

        await using var subscription = await stream.SubscribeAsync(inbox.OnItemsAsync, StreamSubscriptionOptions.FromNow);
        await stream.OnNextAsync("new");

        await Eventually.TrueAsync(() => inbox.Count == 1, "the new item delivered");
        Assert.Equal("new", inbox.Items.Single().Value);
        Assert.Equal(2, inbox.Items.Single().Sequence);
    }

    [Fact]
    public async Task Many_subscribers_each_get_every_item_once()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        var inboxes = Enumerable.Range(0, 5).Select(_ => new StreamInbox<int>()).ToList();
        var subscriptions = new List<StreamSubscription>();
        foreach (var inbox in inboxes)
        {
            subscriptions.Add(await stream.SubscribeAsync(inbox.OnItemsAsync, 0));
        }

        await stream.OnNextBatchAsync(Enumerable.Range(1, 200).ToList());

        foreach (var inbox in inboxes)
        {
            await Eventually.TrueAsync(() => inbox.Count == 200, "every subscriber got 200 items");
            inbox.AssertContiguous(1, 200);
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        var inbox = new StreamInbox<int>();
        var subscription = await stream.SubscribeAsync(inbox.OnItemsAsync, 0);
        await stream.OnNextAsync(1);
        await Eventually.TrueAsync(() => inbox.Count == 1, "the first item delivered");

        await subscription.DisposeAsync();
        await stream.OnNextAsync(2);
        await Task.Delay(300);

        Assert.Single(inbox.Items);
        Assert.True(subscription.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Items_past_the_count_limit_are_trimmed_but_numbering_goes_on()
    {
        var builder = new TestClusterBuilder();
        builder.Streams.MaxItemsPerStream = 100;
        await using var cluster = await builder.Build().DeployAsync();
        var stream = cluster.Streams.GetStream<int>(new StreamId("test", "trim"));

        for (var i = 0; i < 5; i++)
        {
            await stream.OnNextBatchAsync(Enumerable.Range(1, 100).ToList());
        }

        var page = await stream.ReadAsync(0, 1000);
        Assert.Equal(500, page.LastSequence);
        Assert.Equal(401, page.FirstRetained);
        Assert.Equal(100, page.Items.Count);
        Assert.Equal(401, page.Items[0].Sequence);
        var inbox = new StreamInbox<int>();
        await using var subscription = await stream.SubscribeAsync(inbox.OnItemsAsync, 0);
        await Eventually.TrueAsync(() => inbox.Count == 100, "the retained items delivered");
        inbox.AssertContiguous(401, 500);
    }

    [Fact]
    public void Stream_ids_reject_a_namespace_with_a_slash_and_round_trip_through_text()
    {
        Assert.Throws<ArgumentException>(() => new StreamId("a/b", "c"));
        Assert.Equal(new StreamId("user", "alice/x"), StreamId.Parse("user/alice/x"));
        Assert.Throws<FormatException>(() => StreamId.Parse("nokey/"));
    }
}
