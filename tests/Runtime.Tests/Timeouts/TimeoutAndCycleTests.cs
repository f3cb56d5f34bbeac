using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Timeouts;

public sealed class TimeoutAndCycleTests
{
    [Fact]
    public async Task Call_times_out_after_30_seconds_by_default_with_an_exception_naming_grain_and_method()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ICallGrain>("slow");
        var gate = Gates.New();
        var call = grain.WaitAsync(gate);

        cluster.Time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.False(call.IsCompleted, "the call must not time out before 30 s");

        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("call/slow", exception.Message);
        Assert.Contains("ICallGrain.WaitAsync", exception.Message);
        Gates.Open(gate);
    }

    [Fact]
    public async Task Response_timeout_attribute_overrides_the_default_for_its_method()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ICallGrain>("brief");
        var gate = Gates.New();
        var call = grain.WaitBrieflyAsync(gate);

        cluster.Time.Advance(TimeSpan.FromSeconds(3));

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        Assert.Contains("WaitBrieflyAsync", exception.Message);
        Assert.Contains("00:00:02", exception.Message);
        Gates.Open(gate);
    }

    [Fact]
    public async Task Call_cycle_between_non_reentrant_grains_fails_at_once_naming_the_chain()
    {
        // The clock never moves, so only cycle detection can end this call: a deadlock would hang the test.
        await using var cluster = await FakeTimeCluster.StartAsync();
        var a = cluster.Client.GetGrain<ICallGrain>("a");
        var b = cluster.Client.GetGrain<ICallGrain>("b");

        var exception = await Assert.ThrowsAsync<CallCycleException>(
            () => a.CallThroughAsync(b, interleaving: false).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("call/a -> call/b -> call/a", exception.Message);
        Assert.Equal([GrainId.Create("call", "a"), GrainId.Create("call", "b"), GrainId.Create("call", "a")], exception.Chain);
    }

    [Fact]
    public async Task Call_to_itself_through_a_reference_fails_at_once_on_a_non_reentrant_grain()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ICallGrain>("self");

        var exception = await Assert.ThrowsAsync<CallCycleException>(() => grain.CallSelfAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("call/self -> call/self", exception.Message);
    }

    [Fact]
    public async Task Call_cycle_completes_when_the_call_back_is_always_interleave()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var a = cluster.Client.GetGrain<ICallGrain>("a");

        var answer = await a.CallThroughAsync(cluster.Client.GetGrain<ICallGrain>("b"), interleaving: true).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("peek from call/a", answer);
    }

    [Fact]
    public async Task Call_cycle_completes_on_a_reentrant_grain()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var a = cluster.Client.GetGrain<IReentrantCallGrain>("a");

        var answer = await a.CallThroughAsync(cluster.Client.GetGrain<ICallGrain>("b"), interleaving: false).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("pong from reentrantcall/a", answer);
    }

    [Fact]
    public async Task Calls_from_one_grain_to_another_that_is_busy_wait_instead_of_failing()
    {
        // Not a cycle: b is busy with someone else's request, so a's call queues behind it.
        await using var cluster = await FakeTimeCluster.StartAsync();
        var gate = Gates.New();
        var b = cluster.Client.GetGrain<ICallGrain>("b");
        var held = b.WaitAsync(gate);
        var call = cluster.Client.GetGrain<ICallGrain>("a").CallBackAsync(b, interleaving: false);

        await Task.Delay(100);
        Assert.False(call.IsCompleted);
        Gates.Open(gate);

        await held;
        Assert.Equal("pong from call/b", await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_call_and_the_grain_sees_it()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ICallGrain>("cancel");
        using var cancellation = new CancellationTokenSource();
        var call = grain.WaitForCancellationAsync(cancellation.Token);
        await Eventually.TrueAsync(async () => (await grain.GetCancellationAsync()).Started == 1, "the call started");

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.TrueAsync(async () => (await grain.GetCancellationAsync()).SawCancellation, "the grain saw the cancellation");
    }

    [Fact]
    public async Task Call_with_an_already_cancelled_token_never_runs()
    {
        await using var cluster = await FakeTimeCluster.StartAsync();
        var grain = cluster.Client.GetGrain<ICallGrain>("precancelled");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.WaitForCancellationAsync(new CancellationToken(canceled: true)));

        Assert.Equal(0, (await grain.GetCancellationAsync()).Started);
    }
}
