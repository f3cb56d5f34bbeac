using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Context;

/// <summary>Request context values and the current grain, across a client and two silos over TCP.</summary>
public sealed class RequestContextTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await new TestClusterBuilder { InitialSilos = 2 }.UseCluster().Build().DeployAsync();
        await _cluster.WaitForClusterAsync();
    }

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task A_value_the_client_sets_reaches_the_grain_and_the_grain_it_calls_on_another_silo()
    {
        var (first, second, secondKey) = OnEachSilo("relay");

        var seen = await WithUser("alice", () => first.RelayAsync(second));

        Assert.Equal("alice", seen.User);
        Assert.Equal(GrainId.Create("context", secondKey).ToString(), seen.Grain);
    }

    [Fact]
    public async Task A_value_a_grain_sets_travels_with_its_calls_but_not_back_to_its_caller()
    {
        var (first, second, _) = OnEachSilo("set");

        var (seenBySecond, afterwards) = await WithUser("alice", async () =>
        {
            var seen = await first.SetAndRelayAsync("bob", second);
            return (seen, RequestContext.Get(RequestContext.UserIdKey));
        });

        Assert.Equal("bob", seenBySecond.User);
        Assert.Equal("alice", afterwards);
    }

    [Fact]
    public async Task Concurrent_callers_each_see_only_their_own_value()
    {
        var (first, second, _) = OnEachSilo("concurrent");

        var seen = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            WithUser($"user-{i}", async () => (i, await first.RelayAsync(second)))));

        Assert.All(seen, s => Assert.Equal($"user-{s.i}", s.Item2.User));
    }

    [Fact]
    public async Task A_call_made_without_values_carries_none()
    {
        var (first, second, _) = OnEachSilo("none");
        await WithUser("alice", () => first.RelayAsync(second));

        var seen = await first.RelayAsync(second);

        Assert.Null(seen.User);
    }

    [Fact]
    public async Task A_timer_tick_names_its_grain_and_carries_no_callers_value()
    {
        var grain = _cluster.Client.GetGrain<IContextGrain>("timer");
        await WithUser("alice", async () =>
        {
            await grain.StartTimerAsync();
            return 0;
        });

        await Eventually.TrueAsync(async () => (await grain.TimerSawAsync()).Ticked, "the timer ticked");
        var saw = await grain.TimerSawAsync();

        Assert.Null(saw.User);
        Assert.Equal(GrainId.Create("context", "timer").ToString(), saw.Grain);
    }

    [Fact]
    public void Outside_grains_no_grain_is_current()
    {
        Assert.Null(GrainContext.Current);
    }

    private static async Task<T> WithUser<T>(string user, Func<Task<T>> call)
    {
        // An async method's AsyncLocal changes end with it, as a gateway request's do.
        RequestContext.Set(RequestContext.UserIdKey, user);
        return await call();
    }

    private (IContextGrain First, IContextGrain Second, string SecondKey) OnEachSilo(string prefix)
    {
        var ring = new ConsistentHashRing(_cluster.LiveSilos.Select(s => s.Address));
        var keys = Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").ToList();
        string On(int silo) => keys.First(k => ring.OwnerOf(GrainId.Create("context", k)) == _cluster.Silos[silo].Address);
        return (_cluster.Client.GetGrain<IContextGrain>(On(0)), _cluster.Client.GetGrain<IContextGrain>(On(1)), On(1));
    }
}
