using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Regressions;

/// <summary>Bugs found in review, each pinned by the test that proved it.</summary>
public sealed class RegressionTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Timer_tick_after_an_async_request_runs_outside_that_requests_call_chain()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var (relay, outer, relayGate, outerGate) = (NewKey(), NewKey(), Gates.New(), Gates.New());
        var run = cluster.Client.GetGrain<IOuterGrain>(outer).RunAsync(relay, relayGate, outerGate);
        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{relay}:holding"), "the relay holds its turn");

        cluster.Time.Advance(TimeSpan.Zero); // the tick is due, and waits behind the held request
        Gates.Open(relayGate);               // the request completes asynchronously; the tick runs next

        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{relay}:timer-chain"), "the tick ran");
        await Task.Delay(100);
        Assert.False(Observed.Values.ContainsKey($"{relay}:timer-call"), "the outer grain is busy, so the tick's call must wait");
        Gates.Open(outerGate);
        await run;
        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{relay}:timer-call"), "the tick's call was answered");
        Assert.Equal("none", Observed.Values[$"{relay}:timer-chain"]);
        Assert.Equal("outer pong", Observed.Values[$"{relay}:timer-call"]); // queued at the busy outer grain, not a false cycle
    }

    [Fact]
    public async Task Call_cycle_is_rejected_at_once_even_while_deactivation_is_pending()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var relay = cluster.Client.GetGrain<IRelayGrain>(NewKey());

        await Assert.ThrowsAsync<CallCycleException>(
            () => relay.LeaveThenCallThroughAsync(NewKey()).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Calls_queued_during_deactivation_are_answered_even_when_a_service_fails_to_dispose()
    {
        await using var cluster = await FakeTimeCluster.StartAsync(b => b.ConfigureSiloServices(s => s.AddScoped<BrokenDisposable>()));
        var key = NewKey();
        var grain = cluster.Client.GetGrain<IBrokenScopeGrain>(key);
        var gate = Gates.New();
        var held = grain.HoldThenLeaveAsync(gate);
        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{key}:holding"), "the grain holds its turn");
        var queued = grain.PingAsync();

        Gates.Open(gate);
        await held;

        Assert.Equal("pong", await queued.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Killed_silo_runs_no_grain_code_for_an_activation_it_was_still_activating()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var key = NewKey();
        var call = cluster.Client.GetGrain<ISlowStarterGrain>(key).PingAsync();
        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{key}:activating"), "activation started");

        cluster.Cluster.KillSilo(cluster.Cluster.Silos[0]);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Gates.Open(key);
        await Task.Delay(200);

        // OnActivateAsync resumes, as a crashing process's thread would, but the activation never takes a request.
        await Eventually.TrueAsync(() => Observed.Values.ContainsKey($"{key}:activated"), "OnActivateAsync finished");
        Assert.False(Observed.Values.ContainsKey($"{key}:ping"));
    }

    [Fact]
    public async Task One_way_calls_carry_no_call_chain_however_long_they_bounce()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var observation = NewKey();

        await cluster.Client.GetGrain<IRelayGrain>(NewKey()).BounceAsync(NewKey(), 500, observation);

        await Eventually.TrueAsync(() => Observed.Values.ContainsKey(observation), "the bounce ended");
        Assert.Equal("0", Observed.Values[observation]);
    }
}
