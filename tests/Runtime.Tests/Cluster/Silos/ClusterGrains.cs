using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Silos;

/// <summary>Says where it runs, so tests can see placement.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>The hosting silo's address and this activation's id.</summary>
    Task<(SiloAddress Silo, Guid Activation)> WhereAsync();

    /// <summary>Throws an ArgumentException with the message, from whichever silo hosts the grain.</summary>
    Task FailAsync(string message);

    /// <summary>Calls <paramref name="other"/> from this grain's silo: a grain-to-grain call that may cross silos.</summary>
    Task<SiloAddress> AskAsync(IWhereGrain other);
}

public sealed class WhereGrain(LocalSiloDetails silo) : Grain, IWhereGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<(SiloAddress Silo, Guid Activation)> WhereAsync() => Task.FromResult((silo.Address, _activation));

    public Task FailAsync(string message) => throw new ArgumentException(message, "message");

    public async Task<SiloAddress> AskAsync(IWhereGrain other) => (await other.WhereAsync()).Silo;
}

/// <summary>A tool-like grain that says where each call ran.</summary>
public interface ISpreadWorkerGrain : IGrainWithStringKey
{
    Task<SiloAddress> WorkAsync();
}

[StatelessWorker(2)]
public sealed class SpreadWorkerGrain(LocalSiloDetails silo) : Grain, ISpreadWorkerGrain
{
    public Task<SiloAddress> WorkAsync() => Task.FromResult(silo.Address);
}

/// <summary>A tool-like grain that should run where it is called from.</summary>
public interface ILocalWorkerGrain : IGrainWithStringKey
{
    Task<SiloAddress> WorkAsync();
}

[StatelessWorker(2)]
[PreferLocalPlacement]
public sealed class LocalWorkerGrain(LocalSiloDetails silo) : Grain, ILocalWorkerGrain
{
    public Task<SiloAddress> WorkAsync() => Task.FromResult(silo.Address);
}

/// <summary>A tool-like grain placed on a random silo per call.</summary>
public interface IRandomWorkerGrain : IGrainWithStringKey
{
    Task<SiloAddress> WorkAsync();
}

[StatelessWorker(2)]
[RandomPlacement]
public sealed class RandomWorkerGrain(LocalSiloDetails silo) : Grain, IRandomWorkerGrain
{
    public Task<SiloAddress> WorkAsync() => Task.FromResult(silo.Address);
}

/// <summary>A stateful grain placed through the grain directory: says where it runs and keeps a count.</summary>
public interface IPlacedCounter
{
    Task<(SiloAddress Silo, Guid Activation)> WhereAsync();

    Task<int> AddAsync(int amount);
}

public interface INearGrain : IGrainWithStringKey, IPlacedCounter;

public interface IScatteredGrain : IGrainWithStringKey, IPlacedCounter;

/// <summary>Stored count of a placed counter.</summary>
public sealed record PlacedCount
{
    public int Value { get; init; }
}

[PreferLocalPlacement]
public sealed class NearGrain(LocalSiloDetails silo, [PersistentState("count")] IPersistentState<PlacedCount> count)
    : PlacedCounter(silo, count), INearGrain;

[RandomPlacement]
public sealed class ScatteredGrain(LocalSiloDetails silo, [PersistentState("count")] IPersistentState<PlacedCount> count)
    : PlacedCounter(silo, count), IScatteredGrain;

public abstract class PlacedCounter(LocalSiloDetails silo, IPersistentState<PlacedCount> count) : Grain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<(SiloAddress Silo, Guid Activation)> WhereAsync() => Task.FromResult((silo.Address, _activation));

    public async Task<int> AddAsync(int amount)
    {
        count.State = new PlacedCount { Value = count.State.Value + amount };
        await count.WriteStateAsync();
        return count.State.Value;
    }
}
