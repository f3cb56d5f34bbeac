using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Timeouts;

/// <summary>Calls that take as long as a test says, and calls that come back around.</summary>
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Waits for the gate, under the default 30 s timeout.</summary>
    Task WaitAsync(string gate);

    /// <summary>Waits for the gate, under a 2 s timeout.</summary>
    [ResponseTimeout("00:00:02")]
    Task WaitBrieflyAsync(string gate);

    /// <summary>Calls <paramref name="next"/>.<see cref="CallBackAsync"/>, which calls this grain again.</summary>
    Task<string> CallThroughAsync(ICallGrain next, bool interleaving);

    /// <summary>Calls <paramref name="origin"/>.PingAsync, or PeekAsync when <paramref name="interleaving"/>.</summary>
    Task<string> CallBackAsync(ICallGrain origin, bool interleaving);

    /// <summary>Calls this grain's own PingAsync through a reference to itself.</summary>
    Task<string> CallSelfAsync();

    Task<string> PingAsync();

    [AlwaysInterleave]
    Task<string> PeekAsync();

    /// <summary>Waits until the token is cancelled, then records that it saw the cancellation.</summary>
    Task WaitForCancellationAsync(CancellationToken cancellationToken);

    /// <summary>Whether a call was cancelled inside the grain, and how many calls started. Interleaves, to look inside a held turn.</summary>
    [AlwaysInterleave]
    Task<(bool SawCancellation, int Started)> GetCancellationAsync();
}

/// <summary>A reentrant grain that calls back the same way.</summary>
public interface IReentrantCallGrain : ICallGrain;

public abstract class CallGrain : Grain, ICallGrain
{
    private bool _sawCancellation;
    private int _started;

    public Task WaitAsync(string gate) => Gates.WaitAsync(gate);

    public Task WaitBrieflyAsync(string gate) => Gates.WaitAsync(gate);

    public Task<string> CallThroughAsync(ICallGrain next, bool interleaving) => next.CallBackAsync(this.AsReference<ICallGrain>(), interleaving);

    public Task<string> CallBackAsync(ICallGrain origin, bool interleaving) =>
        interleaving ? origin.PeekAsync() : origin.PingAsync();

    public Task<string> CallSelfAsync() => this.AsReference<ICallGrain>().PingAsync();

    public Task<string> PingAsync() => Task.FromResult($"pong from {GrainId}");

    public Task<string> PeekAsync() => Task.FromResult($"peek from {GrainId}");

    public async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        _started++;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _sawCancellation = true;
            throw;
        }
    }

    public Task<(bool SawCancellation, int Started)> GetCancellationAsync() => Task.FromResult((_sawCancellation, _started));
}

[GrainType("call")]
public sealed class DefaultCallGrain : CallGrain;

/// <summary>Safe to interleave: the grain's only fields are test observations.</summary>
[Reentrant]
public sealed class ReentrantCallGrain : CallGrain, IReentrantCallGrain;
