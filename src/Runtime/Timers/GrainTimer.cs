using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;

namespace Netra.Runtime;

/// <summary>
/// A timer whose callback runs as a turn of its activation. It is one-shot underneath: each tick re-arms the timer
/// only after the callback's task completes, so ticks never overlap and a slow callback delays the next period.
/// </summary>
internal sealed class GrainTimer : IGrainTimer, ITurn
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly GrainTimerCreationOptions _options;
    private readonly ITimer _timer;
    private TimeSpan _period;
    private volatile bool _disposed;
    private int _version;

    public GrainTimer(ActivationData activation, TimeProvider time, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _options = options;
        _period = options.Period;

        // The timer must not capture the registering request's execution context: it would keep that request, and
        // everything its call chain references, alive for the timer's whole life.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The activation the timer belongs to.</summary>
    public ActivationData Owner => _activation;

    public bool Interleaves(bool grainIsReentrant) => grainIsReentrant || _options.Interleave;

    public void Start() => _timer.Change(_options.DueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        Interlocked.Increment(ref _version); // a tick in progress must not re-arm over this change
        if (!_disposed)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (!_disposed)
        {
            _activation.EnqueueTimerTick(this);
        }
    }

    /// <summary>Runs the callback. Called by the activation on its scheduler when the turn rule allows.</summary>
    public ValueTask RunTickAsync()
    {
        if (_disposed || !_activation.CanRunTimers)
        {
            return default;
        }

        if (_options.KeepAlive)
        {
            _activation.MarkActive();
        }

        return new ValueTask(RunAndRearmAsync());
    }

    private async Task RunAndRearmAsync()
    {
        // A tick serves no request: logs name this grain, and its calls carry no caller's values. An async method's
        // changes to AsyncLocals end with it, so the scheduler's thread is left as it was.
        RuntimeContext.TimerGrain = _activation.GrainId;
        RequestContext.ResetLocal();
        var version = Volatile.Read(ref _version);
        try
        {
            await _callback(_state, _activation.Stopping);
        }
        catch (Exception exception)
        {
            Log.TimerCallbackFailed(_activation.Logger, exception, _activation.GrainId.ToString());
        }

        if (!_disposed && _period != Timeout.InfiniteTimeSpan && version == Volatile.Read(ref _version))
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        _activation.OnTimerDisposed(this);
    }
}
