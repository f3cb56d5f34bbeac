using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Turns;

[Collection(ClusterCollection.Name)]
public sealed class TurnTests(ClusterFixture fixture)
{
    private static long s_key = Random.Shared.NextInt64(1, long.MaxValue / 2);

    private static long NewKey() => Interlocked.Increment(ref s_key);

    [Fact]
    public async Task Non_reentrant_grain_runs_one_request_at_a_time_under_100_concurrent_callers()
    {
        var grain = fixture.Client.GetGrain<ITurnProbeGrain>(NewKey());

        // Each caller sends its 10 requests without waiting, so all 1,000 compete for the grain at once.
        var callers = Enumerable.Range(0, 100).Select(caller => Task.Run(() =>
            Task.WhenAll(Enumerable.Range(0, 10).Select(sequence => grain.EnterAsync(caller, sequence)).ToList())));
        await Task.WhenAll(callers);

        var (maxInside, ranInParallel) = await grain.GetConcurrencyAsync();
        Assert.Equal(1, maxInside);
        Assert.False(ranInParallel);

        var entries = await grain.GetEntriesAsync();
        Assert.Equal(1000, entries.Count);
        foreach (var caller in entries.GroupBy(e => e.Caller))
        {
            // Requests from one caller run in the order it sent them.
            Assert.Equal(Enumerable.Range(0, 10), caller.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_requests_at_awaits_but_never_runs_code_in_parallel()
    {
        var grain = fixture.Client.GetGrain<IReentrantProbeGrain>(NewKey());

        await Task.WhenAll(Enumerable.Range(0, 100).Select(caller => Task.Run(() => grain.EnterAsync(caller, 0))));

        var (maxInside, ranInParallel) = await grain.GetConcurrencyAsync();
        Assert.True(maxInside > 1, $"expected interleaving, saw at most {maxInside} request inside");
        Assert.False(ranInParallel);
    }

    [Fact]
    public async Task Always_interleave_method_runs_while_a_turn_is_held_and_ordinary_calls_wait()
    {
        var grain = fixture.Client.GetGrain<ITurnProbeGrain>(NewKey());
        var gate = Gates.New();
        var held = grain.HoldAsync(gate);

        await Eventually.TrueAsync(async () => await grain.PeekAsync() == 1, "the held request is inside");
        var ping = grain.PingAsync();
        await Task.Delay(100);
        Assert.False(ping.IsCompleted, "an ordinary call must wait for the held turn");

        Gates.Open(gate);
        await held;
        Assert.Equal(0, await ping);
    }

    [Fact]
    public async Task Stateless_worker_runs_up_to_its_limit_of_activations_and_no_more()
    {
        var worker = fixture.Client.GetGrain<IWorkerGrain>("tools");
        var gate = Gates.New();

        var calls = Enumerable.Range(0, 10).Select(_ => worker.WorkAsync(gate)).ToList();
        await Task.Delay(100);
        Gates.Open(gate);
        var activations = await Task.WhenAll(calls);

        Assert.Equal(4, activations.Distinct().Count());
    }
}
