using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Turns;

/// <summary>A probe that answers at once, for load that keeps activations scheduling each other.</summary>
public interface IEchoGrain : IGrainWithIntegerKey
{
    ValueTask<int> NextAsync(int value);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public ValueTask<int> NextAsync(int value) => ValueTask.FromResult(value + 1);
}

[Collection(ClusterCollection.Name)]
public sealed class LivenessTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_one_of_200_closed_loop_callers_makes_progress_and_gets_its_own_answers()
    {
        // Once, activations scheduled themselves on the thread's local queue, and a busy ping-pong starved whatever
        // waited in the global queue: some callers never got to run. Each caller here must complete calls.
        const int callers = 200;
        var completed = new long[callers];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var loops = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var grain = fixture.Client.GetGrain<IEchoGrain>(1_000_000 + caller);
            var value = caller * 1_000_000;
            while (!stop.IsCancellationRequested)
            {
                var answer = await grain.NextAsync(value);
                Assert.Equal(value + 1, answer);
                value = answer;
                completed[caller]++;
            }
        }));

        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(completed, count => Assert.True(count > 0, "a caller never completed a call"));
    }
}
