using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Lifecycle;

public sealed class IdleCollectionTests
{
    [Fact]
    public async Task Activation_idle_for_15_minutes_is_collected_and_the_next_call_activates_it_afresh()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("idle");
        var first = await grain.GetActivationIdAsync();

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(14));
        await Task.Delay(50);
        Assert.Equal(0, cluster.Recorder.Count("idle", "deactivate:ActivationIdle"));
        Assert.Equal(first, await grain.GetActivationIdAsync()); // a call resets the idle age

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(14));
        await Task.Delay(50);
        Assert.Equal(0, cluster.Recorder.Count("idle", "deactivate:ActivationIdle"));

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => cluster.Recorder.Count("idle", "deactivate:ActivationIdle") == 1, "the idle activation is collected");

        Assert.NotEqual(first, await grain.GetActivationIdAsync());
        Assert.Equal(["activate", "deactivate:ActivationIdle", "activate"], cluster.Recorder.EventsOf("idle"));
    }

    [Fact]
    public async Task Collection_age_is_configurable_per_silo()
    {
        await using var cluster = await FakeTimeCluster.StartAsync(b => b.ConfigureSiloOptions(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(3);
            o.CollectionQuantum = TimeSpan.FromSeconds(30);
        }));
        await cluster.Client.GetGrain<ILifecycleGrain>("configured").GetActivationIdAsync();

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(3.5));

        await Eventually.TrueAsync(() => cluster.Recorder.Count("configured", "deactivate:ActivationIdle") == 1, "collected after 3 minutes");
    }

    [Fact]
    public async Task Collection_age_limit_attribute_overrides_the_silo_default()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        await cluster.Client.GetGrain<IShortLivedGrain>("short").GetActivationIdAsync();

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(3));

        await Eventually.TrueAsync(() => cluster.Recorder.Count("short", "deactivate:ActivationIdle") == 1, "collected after 2 minutes");
    }

    [Fact]
    public async Task Busy_activation_is_not_collected_however_long_its_turn_takes()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("busy");
        await grain.GetActivationIdAsync();
        var gate = Gates.New();
        var held = grain.HoldAsync(gate);
        await Eventually.TrueAsync(() => cluster.Recorder.Count("busy", "held") == 1, "the request is inside");

        cluster.Time.Advance(TimeSpan.FromMinutes(20));
        await Task.Delay(50);
        Gates.Open(gate);
        await held.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });

        Assert.Equal(0, cluster.Recorder.Count("busy", "deactivate:ActivationIdle"));
    }

    [Fact]
    public async Task Deactivate_on_idle_runs_OnDeactivateAsync_after_the_call_and_the_next_call_gets_a_new_activation()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("leaver");
        var first = await grain.GetActivationIdAsync();

        await grain.LeaveAsync();
        await Eventually.TrueAsync(() => cluster.Recorder.Count("leaver", "deactivate:ApplicationRequested") == 1, "the grain deactivated");

        Assert.NotEqual(first, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task Stopping_a_silo_runs_OnDeactivateAsync_of_every_activation()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        foreach (var name in new[] { "s1", "s2", "s3" })
        {
            await cluster.Client.GetGrain<ILifecycleGrain>(name).GetActivationIdAsync();
        }

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[0]);

        foreach (var name in new[] { "s1", "s2", "s3" })
        {
            Assert.Equal(["activate", "deactivate:ShuttingDown"], cluster.Recorder.EventsOf(name));
        }
    }

    [Fact]
    public async Task Killing_a_silo_runs_no_grain_code_and_its_callers_are_told()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("victim");
        await grain.GetActivationIdAsync();
        var held = grain.HoldAsync(Gates.New());
        var queued = grain.GetActivationIdAsync();

        cluster.Cluster.KillSilo(cluster.Cluster.Silos[0]);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => queued.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.GetActivationIdAsync());
        Assert.Equal(["activate", "held"], cluster.Recorder.EventsOf("victim"));
        GC.KeepAlive(held);
    }
}
