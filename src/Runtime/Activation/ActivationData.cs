using System.Diagnostics;
using Netra.Runtime.Invocation;

namespace Netra.Runtime.Activation;

/// <summary>
/// One activation of a grain: the grain instance, its mailbox and its lifecycle. All of its fields are touched only
/// from its <see cref="ActivationScheduler"/>, so there are no locks; other threads hand it work with
/// <see cref="Receive"/>. Turn rule: a non-interleaving turn runs alone from its start to the completion of its task,
/// across awaits; interleaving turns (reentrant grains, [AlwaysInterleave] methods, interleaving timers) may run
/// between the awaits of others, still one piece of code at a time.
/// </summary>
internal sealed partial class ActivationData : IGrainContext, IActivationTarget
{
    private readonly SiloContext _silo;
    private readonly ActivationScheduler _scheduler;
    private readonly Queue<ITurn> _waiting = new();
    private readonly SendOrPostCallback _onMessage;
    private readonly SendOrPostCallback _onTurnCompleted;
    private int _runningExclusive;
    private int _runningTotal;
    private Message? _currentExclusive;
    private bool _pumping;
    private long _lastActiveTimestamp;
    private int _load;
    private int _state;
    private int _ticksInFlight;

    public ActivationData(SiloContext silo, GrainId grainId, GrainClassMetadata metadata)
    {
        _silo = silo;
        GrainId = grainId;
        Metadata = metadata;
        _scheduler = new ActivationScheduler(silo.Logger, this);
        _onMessage = state => OnTurnArrived((ITurn)state!);
        _onTurnCompleted = state => OnTurnCompleted((ITurn)state!);
        _lastActiveTimestamp = silo.Time.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassMetadata Metadata { get; }

    public IGrainFactory GrainFactory => _silo.GrainFactory;

    /// <summary>The lifecycle state. Written on the scheduler; read elsewhere only as a hint.</summary>
    public ActivationState State
    {
        get => (ActivationState)Volatile.Read(ref _state);
        private set => Volatile.Write(ref _state, (int)value);
    }

    /// <summary>The stateless-worker group this activation belongs to, if any.</summary>
    public StatelessWorkerGroup? Group { get; init; }

    internal Microsoft.Extensions.Logging.ILogger Logger => _silo.Logger;

    /// <summary>Requests running and waiting; read by stateless-worker placement from other threads.</summary>
    public int Load => Volatile.Read(ref _load);

    /// <summary>Hands a request to this activation. Thread-safe.</summary>
    public void Receive(Message message)
    {
        Interlocked.Increment(ref _load);
        _scheduler.Post(_onMessage, message);
    }

    /// <summary>Whether no request is running or waiting and no timer tick is pending; a hint read off-thread.</summary>
    public bool IsQuiet => Load == 0 && Volatile.Read(ref _ticksInFlight) == 0;

    internal void EnqueueTimerTick(GrainTimer timer)
    {
        Interlocked.Increment(ref _ticksInFlight);
        _scheduler.Post(_onMessage, timer);
    }

    private void OnTurnArrived(ITurn turn)
    {
        if (State == ActivationState.Valid)
        {
            var interleaves = turn.Interleaves(Metadata.IsReentrant);
            if (_pendingDeactivation is null && (interleaves || (_runningExclusive == 0 && _waiting.Count == 0)))
            {
                RunTurn(turn);
                Pump();
                return;
            }

            if (_pendingDeactivation is not null && interleaves && _runningTotal > 0)
            {
                // Deactivation waits for the running turns, which may be waiting for this very call.
                RunTurn(turn);
                return;
            }

            if (turn is Message message && IsCallCycle(message))
            {
                RejectCallCycle(message);
                return;
            }
        }

        if (State == ActivationState.Invalid && _activationFailure is { } failure)
        {
            // Routed here before the failed activation left the catalog: the caller gets the reason, as the waiting ones did.
            FailTurn(turn, failure);
            return;
        }

        _waiting.Enqueue(turn);
        if (State == ActivationState.Invalid)
        {
            ForwardWaiting();
        }
    }

    /// <summary>Starts every waiting turn the turn rule allows, then deactivates if that was asked for and nothing runs.</summary>
    private void Pump()
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (State == ActivationState.Valid && _pendingDeactivation is null && _waiting.TryPeek(out var next)
                && (_runningExclusive == 0 || next.Interleaves(Metadata.IsReentrant)))
            {
                _waiting.Dequeue();
                RunTurn(next);
            }

            if (_runningTotal == 0 && _pendingDeactivation is { } reason && State == ActivationState.Valid)
            {
                StartDeactivation(reason);
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private void RunTurn(ITurn turn)
    {
        var exclusive = !turn.Interleaves(Metadata.IsReentrant);
        _runningTotal++;
        if (exclusive)
        {
            _runningExclusive++;
        }

        ValueTask pending;
        var message = turn as Message;
        if (message is not null && exclusive)
        {
            _currentExclusive = message;
        }

        // The turn runs as `message` (null for a timer tick); whatever the thread carried before is put back after.
        var previous = RuntimeContext.Current;
        var previousActivity = Activity.Current;
        RuntimeContext.Current = message;
        Activity? activity = null;
        try
        {
            if (message is not null)
            {
                MarkActive();
                RuntimeMetrics.CallStarted(message.Body.InterfaceName);
                activity = RuntimeTracing.StartRequest(message);
                pending = StartRequest(message);
            }
            else
            {
                pending = ((GrainTimer)turn).RunTickAsync();
            }
        }
        finally
        {
            RuntimeContext.Current = previous;
            if (activity is not null)
            {
                Activity.Current = previousActivity;
            }
        }

        if (pending.IsCompleted)
        {
            RuntimeTracing.Stop(activity);
            FinishTurn(turn, exclusive);
        }
        else if (activity is null)
        {
            // Completion is a work item of its own, posted to this scheduler, so it never runs inline in the finished
            // request's execution context (whose RuntimeContext would leak into the next turn).
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => _scheduler.Post(_onTurnCompleted, turn));
        }
        else
        {
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
            {
                RuntimeTracing.Stop(activity);
                _scheduler.Post(_onTurnCompleted, turn);
            });
        }
    }

    private ValueTask StartRequest(Message message)
    {
        var body = message.Body;
        if (message.DeadlineTimestamp < _silo.Time.GetTimestamp())
        {
            return default; // The caller has already timed out and been told so.
        }

        if (body.CancellationToken.IsCancellationRequested)
        {
            message.Response?.Fail(new OperationCanceledException(body.CancellationToken));
            return default;
        }

        return body.RunAsync(_grain!, message.Response ?? new OneWaySink(this, message));
    }

    private void OnTurnCompleted(ITurn turn)
    {
        FinishTurn(turn, !turn.Interleaves(Metadata.IsReentrant));
        Pump();
    }

    private void FinishTurn(ITurn turn, bool exclusive)
    {
        _runningTotal--;
        if (exclusive)
        {
            _runningExclusive--;
            _currentExclusive = null;
        }

        if (turn is Message)
        {
            // Stamp activity before the load drops, so whoever sees the load at zero also sees the stamp.
            MarkActive();
            Interlocked.Decrement(ref _load);
        }
        else
        {
            Interlocked.Decrement(ref _ticksInFlight);
        }
    }

    private bool IsCallCycle(Message message) =>
        _currentExclusive is { } current && message.ChainContains(GrainId, current.Id);

    private void RejectCallCycle(Message message)
    {
        Interlocked.Decrement(ref _load);
        var chain = message.ChainToList();
        var path = string.Join(" -> ", chain);
        var exception = new CallCycleException(
            $"Call cycle {path} ({message.Body}): {GrainId} is not reentrant and is waiting for this very call, so it would deadlock. "
            + "Mark the method [AlwaysInterleave] or the grain class [Reentrant] if interleaving is safe, or break the cycle.",
            chain);
        Log.CallCycleRejected(_silo.Logger, path);
        message.Response?.Fail(exception);
    }

    internal void MarkActive() => Volatile.Write(ref _lastActiveTimestamp, _silo.Time.GetTimestamp());

    /// <summary>Whether nothing ran for at least <paramref name="age"/>; a hint read off-thread, re-checked on the scheduler.</summary>
    public bool LooksIdleFor(TimeSpan age) =>
        Load == 0 && _silo.Time.GetElapsedTime(Volatile.Read(ref _lastActiveTimestamp)) >= age;

    public override string ToString() => $"activation of {GrainId}";

    /// <summary>Completes one-way requests: nobody waits, so a failure is logged, never lost.</summary>
    private sealed class OneWaySink(ActivationData activation, Message message) : IResponseSink
    {
        public void Complete<TResult>(TResult result)
        {
        }

        public void Fail(Exception exception) =>
            Log.OneWayRequestFailed(activation._silo.Logger, exception, message.Body.ToString(), activation.GrainId.ToString());
    }
}

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
