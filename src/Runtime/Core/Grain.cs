using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;

namespace Netra.Runtime;

/// <summary>
/// The base class of grain classes. The runtime creates an instance per activation, on the first call to the grain,
/// and runs its code one turn at a time. A grain class is sealed, takes its dependencies and its
/// <see cref="IPersistentState{TState}"/> through its constructor, and stays short.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData _activation;

    /// <summary>Binds the grain to the activation being created. Grains are created only by the runtime.</summary>
    protected Grain()
    {
        _activation = RuntimeContext.ActivationUnderConstruction
            ?? throw new InvalidOperationException("Grains are created by the runtime on their first call; get one with IGrainFactory.GetGrain.");
    }

    /// <summary>This grain's id.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>The grain factory of the hosting silo.</summary>
    protected IGrainFactory GrainFactory => _activation.GrainFactory;

    internal IGrainCallInvoker Invoker => ((GrainFactory)_activation.GrainFactory).Invoker;

    /// <summary>The key of a grain with a string key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>The key of a grain with a <see cref="Guid"/> key.</summary>
    public Guid GetPrimaryKey() => GrainId.GetGuidKey();

    /// <summary>The key of a grain with an integer key.</summary>
    public long GetPrimaryKeyLong() => GrainId.GetIntegerKey();

    /// <summary>Runs after the grain's persistent state is read and before its first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation is deactivated: idle, on request, at shutdown, or after a lost state write.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once its current work is done. The next call activates it afresh.</summary>
    protected void DeactivateOnIdle() => _activation.DeactivateOnIdle();

    /// <summary>
    /// Starts a timer whose callback runs as a turn of this grain: never at the same time as a request (unless
    /// <see cref="GrainTimerCreationOptions.Interleave"/>), and the next period starts after the callback finishes.
    /// The timer stops when the activation is deactivated.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer((s, ct) => callback((TState)s!, ct), state, options);
    }

    /// <summary>Starts a grain timer with a due time and a period (<see cref="Timeout.InfiniteTimeSpan"/> for one shot).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer((_, ct) => callback(ct), null, new GrainTimerCreationOptions(dueTime, period));
    }
}

/// <summary>A grain timer. Dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>How a grain timer runs.</summary>
/// <param name="DueTime">When it first fires.</param>
/// <param name="Period">The time between the end of one callback and the next; <see cref="Timeout.InfiniteTimeSpan"/> for one shot.</param>
public sealed record GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Whether callbacks may interleave with requests at awaits.</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity that keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
