using System.Collections.Concurrent;
using Netra.Runtime.Invocation;

namespace Netra.Runtime.Activation;

/// <summary>
/// The silo's activations, by grain id. It creates an activation on a grain's first message, hands messages to it,
/// forgets it when it deactivates, and collects idle ones. Creation races are settled by the dictionary: exactly one
/// activation per grain id is ever registered, and only the registered one is started.
/// </summary>
internal sealed class Catalog(SiloContext silo) : IDisposable
{
    private const int MaxForwardCount = 3;

    private readonly ConcurrentDictionary<GrainId, IActivationTarget> _targets = new();
    private ITimer? _collector;
    private volatile Exception? _stopped;
    private volatile bool _killed;

    public int Count => _targets.Count;

    /// <summary>Turns waiting in this catalog's activations now (read without their locks: a gauge, not an invariant).</summary>
    public long WaitingTurns => _targets.Values.OfType<ActivationData>().Sum(a => (long)a.WaitingCount);

    /// <summary>Counts this catalog in the process's runtime metrics until it is disposed.</summary>
    public Catalog Tracked()
    {
        RuntimeMetrics.Track(this);
        return this;
    }

    /// <summary>Delivers a message to the grain's activation, creating it if there is none.</summary>
    public void Deliver(Message message)
    {
        if (_stopped is { } stopped)
        {
            message.Response?.Fail(stopped);
            return;
        }

        if (!_targets.TryGetValue(message.Target, out var target))
        {
            if (!GrainTypeRegistry.TryGetGrainClass(message.Target.Type, out var metadata))
            {
                message.Response?.Fail(new InvalidOperationException($"No grain class has grain type '{message.Target.Type}' in this silo."));
                return;
            }

            target = GetOrCreate(message.Target, metadata);
            if (_stopped is { } stoppedMeanwhile)
            {
                // Stop or kill ran while this activation was being added, so its sweep may have missed it.
                _targets.TryRemove(new KeyValuePair<GrainId, IActivationTarget>(message.Target, target));
                if (target is ActivationData activation)
                {
                    activation.Abort(stoppedMeanwhile);
                }

                message.Response?.Fail(stoppedMeanwhile);
                return;
            }
        }

        target.Receive(message);
    }

    private IActivationTarget GetOrCreate(GrainId grainId, GrainClassMetadata metadata)
    {
        IActivationTarget created = metadata.StatelessWorkerMaxLocal is { } max
            ? new StatelessWorkerGroup(silo, grainId, metadata, max > 0 ? max : silo.Options.DefaultMaxStatelessWorkers)
            : new ActivationData(silo, grainId, metadata);
        var winner = _targets.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            created.Start();
        }

        return winner;
    }

    /// <summary>Delivers a message again after the activation it reached went away without running it.</summary>
    public void Forward(Message message)
    {
        if (++message.ForwardCount > MaxForwardCount)
        {
            message.Response?.Fail(new InvalidOperationException(
                $"{message.Body} to {message.Target} was forwarded {MaxForwardCount} times because its activations kept deactivating."));
            return;
        }

        Deliver(message);
    }

    /// <summary>Forgets an activation that has deactivated. Called on the activation's scheduler.</summary>
    /// <summary>Raised when an activation has deactivated and left the catalog (not when the silo is killed).</summary>
    public event Action<GrainId>? Deactivated;

    /// <summary>Whether an activation of <paramref name="grainId"/> is in the catalog.</summary>
    public bool IsActive(GrainId grainId) => _targets.ContainsKey(grainId);

    public void OnDeactivated(ActivationData activation)
    {
        if (activation.Group is { } group)
        {
            group.Remove(activation);
        }
        else if (_targets.TryRemove(new KeyValuePair<GrainId, IActivationTarget>(activation.GrainId, activation)) && !_killed)
        {
            Deactivated?.Invoke(activation.GrainId);
        }
    }

    internal void OnGroupRetired(StatelessWorkerGroup group) =>
        _targets.TryRemove(new KeyValuePair<GrainId, IActivationTarget>(group.GrainId, group));

    /// <summary>Every live activation, stateless workers included.</summary>
    public IEnumerable<ActivationData> Activations =>
        _targets.Values.SelectMany(target => target is StatelessWorkerGroup group ? group.Workers : [(ActivationData)target]);

    public void StartCollector() =>
        _collector = silo.Time.CreateTimer(static s => ((Catalog)s!).CollectIdle(), this, silo.Options.CollectionQuantum, silo.Options.CollectionQuantum);

    /// <summary>Asks every activation idle for longer than its collection age to deactivate.</summary>
    public void CollectIdle()
    {
        foreach (var activation in Activations)
        {
            var age = activation.Metadata.CollectionAge ?? silo.Options.CollectionAge;
            if (activation.LooksIdleFor(age))
            {
                activation.CollectIfIdle(age);
            }
        }
    }

    /// <summary>Stops taking messages and deactivates every activation, running OnDeactivateAsync, within the timeout.</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout)
    {
        _stopped = new SiloUnavailableException("The silo is shutting down.");
        _collector?.Dispose();
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is shutting down");
        var activations = Activations.ToList();
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(reason);
        }

        // Real time, not the silo's TimeProvider: a process must be able to stop even when a test owns the clock.
        await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Drops every activation at once, running no grain code, as a crashed process would.</summary>
    public void Kill()
    {
        _killed = true; // a killed silo tells nobody anything
        _stopped = new SiloUnavailableException("The silo was killed.");
        _collector?.Dispose();
        foreach (var activation in Activations)
        {
            activation.Abort(_stopped);
        }

        _targets.Clear();
    }

    public void Dispose()
    {
        RuntimeMetrics.Untrack(this);
        _collector?.Dispose();
    }
}
