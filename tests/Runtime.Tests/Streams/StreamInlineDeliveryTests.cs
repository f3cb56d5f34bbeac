using System.Diagnostics;
using Netra.Runtime.Streams;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Streams;

/// <summary>Subscriptions whose pushes run the callback on the pushing thread (<see cref="IAsyncStream{T}.SubscribeInlineAsync"/>).</summary>
public sealed class StreamInlineDeliveryTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IStreamProvider Streams => _cluster.Streams;

    public async Task InitializeAsync() => _cluster = await new TestClusterBuilder().Build().DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_inline_subscriber_gets_the_history_then_every_live_item_once_in_order()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        for (var i = 1; i <= 20; i++)
        {
            await stream.OnNextAsync(i);
        }

        var inbox = new StreamInbox<int>();
        await using var subscription = await stream.SubscribeInlineAsync(inbox.OnItemsAsync, afterSequence: 5);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async producer =>
        {
            for (var i = 0; i < 40; i++)
            {
                await stream.OnNextBatchAsync([producer, i]);
            }
        }));

        await Eventually.TrueAsync(() => inbox.Count == 15 + (8 * 40 * 2), $"every item delivered (got {inbox.Count})");
        inbox.AssertContiguous(6, 20 + (8 * 40 * 2));
        Assert.Equal(20 + (8 * 40 * 2), subscription.LastDelivered);
    }

    [Fact]
    public async Task An_inline_callback_runs_outside_the_stream_grains_turn()
    {
        var stream = Streams.GetStream<string>(new StreamId("test", Guid.NewGuid().ToString("N")));
        var seen = new List<(bool InContext, bool InSpan)>();
        await using var subscription = await stream.SubscribeInlineAsync(
            (items, _) =>
            {
                lock (seen)
                {
                    seen.Add((SynchronizationContext.Current is not null, Activity.Current is not null));
                }

                return Task.CompletedTask;
            },
            StreamSubscriptionOptions.FromNow);

        using var source = new ActivitySource("Netra.Tests.Inline");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Netra.Runtime" or "Netra.Tests.Inline",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using (source.StartActivity("append"))
        {
            for (var i = 0; i < 10; i++)
            {
                await stream.OnNextAsync($"item {i}");
            }
        }

        await Eventually.TrueAsync(() => subscription.LastDelivered == 10, "every item delivered");
        lock (seen)
        {
            Assert.NotEmpty(seen);
            Assert.All(seen, s => Assert.Equal((false, false), s));
        }
    }

    [Fact]
    public async Task Disposing_an_inline_subscription_stops_delivery_and_completes_it()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        var inbox = new StreamInbox<int>();
        var subscription = await stream.SubscribeInlineAsync(inbox.OnItemsAsync, StreamSubscriptionOptions.FromNow);
        await stream.OnNextAsync(1);
        await Eventually.TrueAsync(() => inbox.Count == 1, "the first item delivered");

        await subscription.DisposeAsync();
        await stream.OnNextAsync(2);

        Assert.True(subscription.Completion.IsCompletedSuccessfully);
        Assert.Single(inbox.Items);
    }
}
