using System.Collections.Concurrent;
using System.Diagnostics;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Cluster.Silos;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Cluster.Client;

/// <summary>W3C trace context across a client and two silos.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string CallerSource = "Netra.Tests.Gateway";
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
        _cluster = await new TestClusterBuilder { InitialSilos = 2 }.UseCluster().Build().DeployAsync();
        await _cluster.WaitForClusterAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Client_grain_and_grain_on_another_silo_are_one_trace()
    {
        var ring = new ConsistentHashRing(_cluster.LiveSilos.Select(s => s.Address));
        var keys = Enumerable.Range(0, 1000).Select(i => $"t-{i}").ToList();
        var asker = _cluster.Client.GetGrain<IWhereGrain>(keys.First(k => ring.OwnerOf(GrainId.Create("where", k)) == _cluster.Silos[0].Address));
        var other = _cluster.Client.GetGrain<IWhereGrain>(keys.First(k => ring.OwnerOf(GrainId.Create("where", k)) == _cluster.Silos[1].Address));
        using var source = new ActivitySource(CallerSource);

        Activity root;
        using (root = source.StartActivity("POST /api/threads/t1/messages", ActivityKind.Server)!)
        {
            await asker.AskAsync(other);
        }

        await Eventually.TrueAsync(() => Spans(root).Count >= 3, "both grain spans ended");
        var ask = Assert.Single(Spans(root), s => s.OperationName.EndsWith("/AskAsync", StringComparison.Ordinal));
        var where = Assert.Single(Spans(root), s => s.OperationName.EndsWith("/WhereAsync", StringComparison.Ordinal));
        Assert.Equal(root.SpanId, ask.ParentSpanId);
        Assert.Equal(ask.SpanId, where.ParentSpanId);
        Assert.Equal(ActivityKind.Server, where.Kind);
        Assert.Equal("netra", where.GetTagItem("rpc.system"));
    }

    private List<Activity> Spans(Activity root) => [.. _stopped.Where(a => a.TraceId == root.TraceId)];
}
