using Netra.Runtime;
using Netra.Runtime.Placement;

namespace Netra.Benchmarks.GrainCalls;

/// <summary>The smallest grain call: an integer there and back.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> plus one.</summary>
    ValueTask<int> PingAsync(int value);

    /// <summary>The address of the silo this activation runs on: how a benchmark proves where its targets live.</summary>
    ValueTask<string> SiloAsync();
}

public sealed class PingGrain(LocalSiloDetails silo) : Grain, IPingGrain
{
    public ValueTask<int> PingAsync(int value) => ValueTask.FromResult(value + 1);

    public ValueTask<string> SiloAsync() => ValueTask.FromResult(silo.Address.ToString());
}
