using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Lifecycle;

public sealed class TimerTests
{
    [Fact]
    public async Task Grain_timer_fires_after_its_due_time_and_then_every_period()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("ticker");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), keepAlive: false);

        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Equal(0, cluster.Recorder.Count("ticker", "tick"));

        for (var expected = 1; expected <= 3; expected++)
        {
            await cluster.AdvanceWhenQuietAsync(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => cluster.Recorder.Count("ticker", "tick") == expected, $"tick {expected}");
        }
    }

    [Fact]
    public async Task Timer_tick_waits_for_the_running_request_because_it_is_a_turn()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("polite");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, keepAlive: false);
        var gate = Gates.New();
        var held = grain.HoldAsync(gate);
        await Eventually.TrueAsync(() => cluster.Recorder.Count("polite", "held") == 1, "the request is inside");

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Equal(0, cluster.Recorder.Count("polite", "tick"));

        Gates.Open(gate);
        await held;
        await Eventually.TrueAsync(() => cluster.Recorder.Count("polite", "tick") == 1, "the tick ran after the request");
    }

    [Fact]
    public async Task Timer_without_keep_alive_lets_the_activation_be_collected_and_stops_with_it()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("sleepy");
        await grain.StartTimerAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), keepAlive: false);

        for (var minute = 0; minute < 17; minute++)
        {
            await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        await Eventually.TrueAsync(() => cluster.Recorder.Count("sleepy", "deactivate:ActivationIdle") == 1, "collected despite its timer");
        var ticks = cluster.Recorder.Count("sleepy", "tick");
        await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        Assert.Equal(ticks, cluster.Recorder.Count("sleepy", "tick"));
    }

    [Fact]
    public async Task Timer_with_keep_alive_keeps_the_activation_from_collection()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ILifecycleGrain>("awake");
        await grain.StartTimerAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), keepAlive: true);

        for (var minute = 0; minute < 20; minute++)
        {
            await cluster.AdvanceWhenQuietAsync(TimeSpan.FromMinutes(1));
            var expected = minute + 1;
            await Eventually.TrueAsync(() => cluster.Recorder.Count("awake", "tick") >= expected, $"tick {expected}");
        }

        Assert.Equal(0, cluster.Recorder.Count("awake", "deactivate:ActivationIdle"));
    }
}
