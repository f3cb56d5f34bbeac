using Netra.Runtime;

namespace Netra.Benchmarks.GrainCalls;

/// <summary>The smallest grain call: an integer there and back.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> plus one.</summary>
    ValueTask<int> PingAsync(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> PingAsync(int value) => ValueTask.FromResult(value + 1);
}
