using System.Collections.Concurrent;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Turns;

/// <summary>Records how many of its requests run at once, and in which order they started.</summary>
public interface ITurnProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Enters, awaits twice, leaves; records (caller, sequence) on entry.</summary>
    Task EnterAsync(int caller, int sequence);

    /// <summary>Holds the turn until the gate opens.</summary>
    Task HoldAsync(string gate);

    /// <summary>Returns at once.</summary>
    Task<int> PingAsync();

    /// <summary>Returns at once, interleaving with anything.</summary>
    [AlwaysInterleave]
    Task<int> PeekAsync();

    /// <summary>The most requests that were inside at once, and whether two ever ran on two threads at once.</summary>
    Task<(int MaxInside, bool RanInParallel)> GetConcurrencyAsync();

    /// <summary>The (caller, sequence) pairs in the order they entered.</summary>
    Task<List<(int Caller, int Sequence)>> GetEntriesAsync();
}

/// <summary>The same probe on a reentrant grain.</summary>
public interface IReentrantProbeGrain : ITurnProbeGrain;

public abstract class TurnProbeGrain : Grain, ITurnProbeGrain
{
    private readonly List<(int, int)> _entries = [];
    private int _inside;
    private int _maxInside;
    private int _executing;
    private bool _ranInParallel;

    public async Task EnterAsync(int caller, int sequence)
    {
        Step();
        _entries.Add((caller, sequence));
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        await Task.Yield();
        Step();
        await Task.Delay(1);
        Step();
        _inside--;
    }

    public async Task HoldAsync(string gate)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        await Gates.WaitAsync(gate);
        _inside--;
    }

    public Task<int> PingAsync() => Task.FromResult(_inside);

    public Task<int> PeekAsync() => Task.FromResult(_inside);

    public Task<(int MaxInside, bool RanInParallel)> GetConcurrencyAsync() => Task.FromResult((_maxInside, _ranInParallel));

    public Task<List<(int Caller, int Sequence)>> GetEntriesAsync() => Task.FromResult(_entries.ToList());

    /// <summary>Spends a little time in code and notes whether another thread was in this grain's code meanwhile.</summary>
    private void Step()
    {
        if (Interlocked.Exchange(ref _executing, 1) == 1)
        {
            _ranInParallel = true;
        }

        Thread.SpinWait(200);
        Volatile.Write(ref _executing, 0);
    }
}

[GrainType("turn-probe")]
public sealed class DefaultTurnProbeGrain : TurnProbeGrain;

/// <summary>Safe to interleave: the probe's fields are only counters that every request leaves as it found them.</summary>
[Reentrant]
public sealed class ReentrantProbeGrain : TurnProbeGrain, IReentrantProbeGrain;

/// <summary>A tool-like grain: each activation has its own id, so tests can count activations.</summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Waits for the gate and returns this activation's id.</summary>
    Task<Guid> WorkAsync(string gate);
}

[StatelessWorker(4)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    private static readonly ConcurrentDictionary<Guid, int> s_inside = new();
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<Guid> WorkAsync(string gate)
    {
        if (s_inside.AddOrUpdate(_activationId, 1, (_, n) => n + 1) > 1)
        {
            throw new InvalidOperationException("Two requests ran at once in one stateless worker activation.");
        }

        await Gates.WaitAsync(gate);
        s_inside.AddOrUpdate(_activationId, 0, (_, n) => n - 1);
        return _activationId;
    }
}
