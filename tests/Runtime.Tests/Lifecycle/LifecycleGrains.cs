using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Lifecycle;

/// <summary>Reports its activation, deactivation and timer ticks to the silo's <see cref="LifecycleRecorder"/>.</summary>
public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>The id of this activation.</summary>
    Task<Guid> GetActivationIdAsync();

    /// <summary>Asks to be deactivated once this call is done.</summary>
    Task LeaveAsync();

    /// <summary>Starts a timer that records a tick each period.</summary>
    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool keepAlive);

    /// <summary>Holds the turn until the gate opens.</summary>
    Task HoldAsync(string gate);
}

/// <summary>A lifecycle grain collected after 2 minutes of idleness instead of the default.</summary>
public interface IShortLivedGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationIdAsync();
}

public sealed class LifecycleGrain(LifecycleRecorder recorder) : Grain, ILifecycleGrain
{
    private readonly LifecycleRecorder _recorder = recorder;
    private readonly Guid _activationId = Guid.NewGuid();
    private IGrainTimer? _timer;

    private string Name => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recorder.Record(Name, "activate");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _recorder.Record(Name, $"deactivate:{reason.Code}");
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task LeaveAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool keepAlive)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(
            static (self, _) =>
            {
                self._recorder.Record(self.Name, "tick");
                return Task.CompletedTask;
            },
            this,
            new GrainTimerCreationOptions(dueTime, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task HoldAsync(string gate)
    {
        _recorder.Record(Name, "held");
        return Gates.WaitAsync(gate);
    }
}

[CollectionAgeLimit(2)]
public sealed class ShortLivedGrain(LifecycleRecorder recorder) : Grain, IShortLivedGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        recorder.Record(GetPrimaryKeyString(), $"deactivate:{reason.Code}");
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
