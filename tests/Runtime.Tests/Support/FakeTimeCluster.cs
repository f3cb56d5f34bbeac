using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Testing;

namespace Netra.Runtime.Tests.Support;

/// <summary>A one-silo cluster on a fake clock, for tests that move time: one per test, since each moves its own clock.</summary>
public sealed class FakeTimeCluster : IAsyncDisposable
{
    private FakeTimeCluster(TestCluster cluster, FakeTimeProvider time, LifecycleRecorder recorder)
    {
        Cluster = cluster;
        Time = time;
        Recorder = recorder;
    }

    public TestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public LifecycleRecorder Recorder { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<FakeTimeCluster> StartAsync(Action<TestClusterBuilder>? configure = null)
    {
        var time = new FakeTimeProvider();
        var recorder = new LifecycleRecorder();
        var builder = new TestClusterBuilder { TimeProvider = time };
        builder.ConfigureSiloServices(services => services.AddSingleton(recorder));
        configure?.Invoke(builder);
        return new FakeTimeCluster(await builder.Build().DeployAsync(), time, recorder);
    }

    /// <summary>Waits until no activation has a request running or waiting, then moves the clock.</summary>
    public async Task AdvanceWhenQuietAsync(TimeSpan delta)
    {
        await Eventually.TrueAsync(
            () => Cluster.LiveSilos.All(s => s.Silo.Catalog.Activations.All(a => a.IsQuiet)), "every activation is quiet");
        Time.Advance(delta);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
