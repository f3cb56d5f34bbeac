using System.Collections.Concurrent;
using System.Diagnostics;
using Netra.Runtime.Invocation;
using Netra.Runtime.Streams;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Streams;

/// <summary>
/// A subscription lives far longer than the request that made it (a gateway subscribes to a user's stream while it
/// accepts the user's first socket): its deliveries and renewals must not join that request's trace.
/// </summary>
public sealed class StreamTracingTests : IAsyncLifetime
{
    private const string CallerSource = "Netra.Tests.Subscriber";
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RuntimeTracing.SourceName or CallerSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        var builder = new TestClusterBuilder();
        builder.Streams.RenewInterval = TimeSpan.FromMilliseconds(100);
        _cluster = await builder.Build().DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Deliveries_and_renewals_of_a_subscription_are_not_in_the_trace_of_the_request_that_subscribed()
    {
        var key = Guid.NewGuid().ToString("N");
        var stream = _cluster.Streams.GetStream<int>(new StreamId("test", key));
        var inbox = new StreamInbox<int>();
        var tracesSeenByCallback = new ConcurrentQueue<ActivityTraceId?>();
        using var source = new ActivitySource(CallerSource);
        Activity connect;
        StreamSubscription subscription;
        using (connect = source.StartActivity("GET /ws", ActivityKind.Server)!)
        {
            subscription = await stream.SubscribeAsync(
                (items, token) =>
                {
                    tracesSeenByCallback.Enqueue(Activity.Current?.TraceId);
                    return inbox.OnItemsAsync(items, token);
                },
                StreamSubscriptionOptions.FromNow);
        }

        await using (subscription)
        {
            for (var i = 1; i <= 5; i++)
            {
                await stream.OnNextAsync(i);
            }

            await Eventually.TrueAsync(() => inbox.Count == 5, $"5 items delivered (got {inbox.Count})");
            await Eventually.TrueAsync(() => Subscribes(key).Count >= 4, "the subscription renewed (re-subscribed) a few times");
        }

        Assert.NotEmpty(tracesSeenByCallback);
        Assert.DoesNotContain(connect.TraceId, tracesSeenByCallback);
        var inRequestTrace = _stopped.Where(a => a.TraceId == connect.TraceId).Select(a => a.OperationName).Order().ToList();
        Assert.Equal(["GET /ws", Subscribes(key)[0].OperationName], inRequestTrace);
        Assert.Equal(connect.SpanId, Subscribes(key)[0].ParentSpanId);
    }

    /// <summary>The subscribe calls to the stream <paramref name="key"/> (the first, then one per renewal), in the order they ended.</summary>
    private List<Activity> Subscribes(string key) =>
    [
        .. _stopped.Where(a => a.OperationName.EndsWith("/SubscribeAsync", StringComparison.Ordinal)
            && (a.GetTagItem("netra.grain") as string)?.Contains(key, StringComparison.Ordinal) == true),
    ];
}
