using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Cluster.Directory;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Client;

/// <summary>
/// Routes a cluster client's messages. Calls go straight to the silo that placement names, by the same consistent hash
/// the silos use, so a call takes one hop. A call whose frame could not be sent (its silo died or is unreachable)
/// is never lost and never run twice: it waits, up to the failover window and its own deadline, until membership
/// places its grain on a silo that can be reached, and is sent again. Calls that arrive are for this process's
/// observers.
/// </summary>
internal sealed class ClientRouter(ClusterPlacementDirector placement, TimeProvider time, ClusterClientOptions options, ILogger logger)
    : IMessageSender, IMessageRouter
{
    private readonly ConcurrentDictionary<Message, Parked> _parked = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<Message, StrongBox<long>> _giveUpAt = new();

    /// <summary>The messenger over the client's connections; set once, before the first call.</summary>
    public IRemoteMessenger Remote { get; set; } = null!;

    /// <summary>Where grains placed at random or on the caller are found; set once, before the first call.</summary>
    public GrainLocator Directory { get; set; } = null!;

    /// <summary>Raised when a call is waiting for membership to change, so the client reads the table at once.</summary>
    public event Action? RefreshWanted;

    public int ParkedCount => _parked.Count;

    public void Send(Message message)
    {
        if (GrainLocator.UsesDirectory(message.Target))
        {
            if (Directory.TryGetCached(message.Target, out var cached))
            {
                Remote.Send(cached, message);
            }
            else
            {
                _ = LocateAndSendAsync(message);
            }

            return;
        }

        SiloAddress silo;
        try
        {
            silo = placement.Locate(message.Target);
        }
        catch (SiloUnavailableException exception)
        {
            Park(silo: null, message, exception.Message);
            return;
        }
        catch (Exception exception)
        {
            message.Response?.Fail(exception);
            return;
        }

        Remote.Send(silo, message);
    }

    public void Receive(Message message)
    {
        if (!ObserverRegistry.TryInvoke(message))
        {
            message.Response?.Fail(new InvalidOperationException($"{message.Target} is not an observer of this client (deleted, or never made here)."));
        }
    }

    public void OnNotDelivered(SiloAddress silo, Message message, TransportNotDeliveredException reason)
    {
        if (GrainLocator.UsesDirectory(message.Target))
        {
            Directory.Invalidate(message.Target);
        }

        Park(silo, message, $"{reason.Reason}: {reason.Message}");
    }

    private async Task LocateAndSendAsync(Message message)
    {
        SiloAddress silo;
        try
        {
            silo = await Directory.LocateAsync(message.Target);
        }
        catch (SiloUnavailableException exception)
        {
            Park(silo: null, message, exception.Message);
            return;
        }
        catch (Exception exception)
        {
            message.Response?.Fail(exception);
            return;
        }

        Remote.Send(silo, message);
    }

    /// <summary>Sends again every waiting call whose grain placement now puts elsewhere; fails those out of time.</summary>
    public void RetryParked()
    {
        var now = time.GetTimestamp();
        foreach (var (message, parked) in _parked)
        {
            SiloAddress? target = null;
            try
            {
                target = GrainLocator.UsesDirectory(message.Target) ? parked.Silo ?? placement.Ring.Silos.FirstOrDefault() : placement.Locate(message.Target);
            }
            catch (SiloUnavailableException)
            {
            }

            if (now >= parked.GiveUpAt)
            {
                if (_parked.TryRemove(message, out _))
                {
                    message.Response?.Fail(new SiloUnavailableException(
                        $"{message.Body} to {message.Target} could not be delivered: {parked.Reason}, and membership moved it nowhere reachable in time."));
                }
            }
            else if (target is not null && _parked.TryRemove(message, out _))
            {
                // Placed elsewhere now, or the same silo again after a while: it may have been a passing fault. The
                // frame was never sent, so sending it again is safe; another failure parks it again, same deadline.
                // A grain found through the directory asks the directory again.
                if (GrainLocator.UsesDirectory(message.Target))
                {
                    Send(message);
                }
                else
                {
                    Remote.Send(target, message);
                }
            }
        }
    }

    /// <summary>Fails every waiting call: the client is closing.</summary>
    public void FailParked(Exception exception)
    {
        foreach (var message in _parked.Keys)
        {
            if (_parked.TryRemove(message, out _))
            {
                message.Response?.Fail(exception);
            }
        }
    }

    private void Park(SiloAddress? silo, Message message, string reason)
    {
        var giveUpAt = _giveUpAt.GetValue(message, m => new StrongBox<long>(Math.Min(
            m.DeadlineTimestamp, time.GetTimestamp() + (long)(options.FailoverWindow.TotalSeconds * time.TimestampFrequency)))).Value;
        _parked[message] = new Parked(silo, giveUpAt, reason);
        ClientLog.WaitingForFailover(logger, message.Target.ToString(), silo?.ToString() ?? "no silo", reason);
        RefreshWanted?.Invoke();
    }

    private sealed record Parked(SiloAddress? Silo, long GiveUpAt, string Reason);
}
