using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Invocation;
using Netra.Runtime.Persistence;

namespace Netra.Runtime.Activation;

/// <summary>Activation and deactivation. Like the rest of the class, runs on the activation's scheduler.</summary>
internal sealed partial class ActivationData
{
    private readonly List<IActivationState> _states = [];
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AsyncServiceScope _scope;
    private Grain? _grain;
    private bool _activated;
    private DeactivationReason? _pendingDeactivation;
    private Exception? _activationFailure;
    private bool _aborted;

    /// <summary>How many turns wait now (read without the lock: for metrics).</summary>
    public int WaitingCount => _waiting.Count;

    public IServiceProvider ActivationServices => _scope.ServiceProvider;

    /// <summary>Completes when the activation is gone, cleanly or not.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Starts activating. Called once, by the catalog, after the activation is registered.</summary>
    public void Start() => _scheduler.Post(static state => _ = ((ActivationData)state!).ActivateAsync(), this);

    private async Task ActivateAsync()
    {
        RuntimeContext.Current = null; // activation serves no request; an async method's context change stays inside it
        if (_aborted)
        {
            return;
        }

        State = ActivationState.Activating;
        try
        {
            _scope = _silo.Services.CreateAsyncScope();
            RuntimeContext.ActivationUnderConstruction = this;
            try
            {
                _grain = Metadata.Factory(_scope.ServiceProvider, this);
            }
            finally
            {
                RuntimeContext.ActivationUnderConstruction = null;
            }

            foreach (var state in _states)
            {
                await state.ReadAsync(_silo.Stopping);
                ThrowIfAborted();
            }

            await _grain.OnActivateAsync(_silo.Stopping);
            ThrowIfAborted();
            _activated = true;
            State = ActivationState.Valid;
            Log.Activated(_silo.Logger, GrainId.Type, GrainId.Key);
        }
        catch (Exception exception) when (!_aborted)
        {
            Log.ActivationFailed(_silo.Logger, exception, GrainId.Type, GrainId.Key);
            await FailActivationAsync(exception);
            return;
        }
        catch (Exception)
        {
            return; // the silo was killed meanwhile: Abort has already failed the waiting calls
        }

        Pump();
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new SiloUnavailableException("The silo was killed during activation.");
        }
    }

    private async Task FailActivationAsync(Exception exception)
    {
        _activationFailure = exception;
        State = ActivationState.Invalid;
        StopTimers();
        _silo.Catalog.OnDeactivated(this);
        while (_waiting.TryDequeue(out var turn))
        {
            FailTurn(turn, exception);
        }

        await DisposeScopeAndCompleteAsync();
    }

    /// <summary>Disposes the activation's services; a throwing service is logged and never keeps the activation alive.</summary>
    private async Task DisposeScopeAndCompleteAsync()
    {
        try
        {
            await _scope.DisposeAsync();
        }
        catch (Exception exception)
        {
            Log.DeactivationFailed(_silo.Logger, exception, GrainId.Type, GrainId.Key);
        }
        finally
        {
            _deactivated.TrySetResult();
        }
    }

    /// <summary>Deactivates once the running turns are done.</summary>
    public void DeactivateOnIdle() => RequestDeactivation(new(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called"));

    /// <summary>Asks for deactivation once no turn runs. Thread-safe.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        if (!_scheduler.IsCurrent)
        {
            _scheduler.Post(
                static state =>
                {
                    var (activation, r) = ((ActivationData, DeactivationReason))state!;
                    activation.RequestDeactivation(r);
                },
                (this, reason));
            return;
        }

        // While activating, the request waits: ActivateAsync ends with Pump, which sees it.
        _pendingDeactivation ??= reason;
        if (State == ActivationState.Valid)
        {
            Pump();
        }
    }

    /// <summary>Deactivates if nothing ran for the collection age. Posted by the collector.</summary>
    public void CollectIfIdle(TimeSpan age) => _scheduler.Post(
        static state =>
        {
            var (activation, idleAge) = ((ActivationData, TimeSpan))state!;
            if (activation.State == ActivationState.Valid && activation._runningTotal == 0 && activation._waiting.Count == 0
                && activation.LooksIdleFor(idleAge))
            {
                activation.StartDeactivation(new(DeactivationReasonCode.ActivationIdle, $"idle for more than {idleAge}"));
            }
        },
        (this, age));

    private void StartDeactivation(DeactivationReason reason)
    {
        State = ActivationState.Deactivating;
        _ = DeactivateAsync(reason);
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        RuntimeContext.Current = null;
        StopTimers();
        try
        {
            if (_activated && _grain is not null)
            {
                using var timeout = new CancellationTokenSource(_silo.Options.DeactivationTimeout, _silo.Time);
                await _grain.OnDeactivateAsync(reason, timeout.Token);
            }
        }
        catch (Exception exception)
        {
            Log.DeactivationFailed(_silo.Logger, exception, GrainId.Type, GrainId.Key);
        }

        State = ActivationState.Invalid;
        _silo.Catalog.OnDeactivated(this);
        Log.Deactivated(_silo.Logger, GrainId.Type, GrainId.Key, reason.ToString());
        ForwardWaiting(); // before disposal, so waiting calls keep their order and never wait on a disposing service
        await DisposeScopeAndCompleteAsync();
    }

    private void FailTurn(ITurn turn, Exception exception)
    {
        if (turn is Message message)
        {
            Interlocked.Decrement(ref _load);
            message.Response?.Fail(exception);
        }
        else
        {
            Interlocked.Decrement(ref _ticksInFlight);
        }
    }

    /// <summary>Sends requests that arrived too late for this activation to the grain's next activation.</summary>
    private void ForwardWaiting()
    {
        while (_waiting.TryDequeue(out var turn))
        {
            if (turn is Message message)
            {
                Interlocked.Decrement(ref _load);
                _silo.Catalog.Forward(message);
            }
            else
            {
                Interlocked.Decrement(ref _ticksInFlight); // a tick of a stopped timer is dropped
            }
        }
    }

    /// <summary>Drops the activation without running its code: the silo is being killed.</summary>
    public void Abort(Exception reason) => _scheduler.Post(
        static state =>
        {
            var (activation, exception) = ((ActivationData, Exception))state!;
            activation._aborted = true;
            activation.State = ActivationState.Invalid;
            activation.StopTimers();
            while (activation._waiting.TryDequeue(out var turn))
            {
                activation.FailTurn(turn, exception);
            }

            activation._deactivated.TrySetResult();
        },
        (this, reason));

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName = null) where TState : new()
    {
        if (State != ActivationState.Created && State != ActivationState.Activating)
        {
            throw new InvalidOperationException("Persistent state is declared in the grain's constructor.");
        }

        var storage = _silo.GetStorage(storageName, GrainId);
        var state = new PersistentState<TState>(this, stateName, storage, _silo.StateSerializerOptions);
        _states.Add(state);
        return state;
    }

    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        if (State is ActivationState.Deactivating or ActivationState.Invalid)
        {
            throw new InvalidOperationException($"{GrainId} is deactivating; it cannot start timers.");
        }

        if (!_scheduler.IsCurrent)
        {
            throw new InvalidOperationException(
                $"{GrainId} registered a timer outside its own turn (after ConfigureAwait(false)?). Register timers from grain code.");
        }

        var timer = new GrainTimer(this, _silo.Time, callback, state, options);
        _timers.Add(timer);
        timer.Start();
        return timer;
    }

    internal void OnTimerDisposed(GrainTimer timer)
    {
        if (_scheduler.IsCurrent)
        {
            _timers.Remove(timer);
        }
        else
        {
            _scheduler.Post(static state => ((GrainTimer)state!).Owner._timers.Remove((GrainTimer)state!), timer);
        }
    }

    internal bool CanRunTimers => State == ActivationState.Valid;

    internal CancellationToken Stopping => _silo.Stopping;

    private void StopTimers()
    {
        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }

        _timers.Clear();
    }
}
