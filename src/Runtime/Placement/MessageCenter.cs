using Netra.Runtime.Activation;
using Netra.Runtime.Cluster.Directory;
using Netra.Runtime.Invocation;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Placement;

/// <summary>Sends a message to another process. The cluster's messenger implements it over TCP.</summary>
internal interface IRemoteMessenger
{
    /// <summary>Sends to the silo <paramref name="silo"/>.</summary>
    void Send(SiloAddress silo, Message message);

    /// <summary>Sends to the connected client named <paramref name="client"/>; false when it has no open connection here.</summary>
    bool TrySendToClient(string client, Message message);
}

/// <summary>Where the remote messenger hands messages: the silo's message center, or a cluster client.</summary>
internal interface IMessageRouter
{
    /// <summary>Routes a message that starts here (or must be routed again).</summary>
    void Send(Message message);

    /// <summary>Takes a message that arrived over the transport.</summary>
    void Receive(Message message);

    /// <summary>The frame for <paramref name="message"/> to <paramref name="silo"/> never left this process.</summary>
    void OnNotDelivered(SiloAddress silo, Message message, TransportNotDeliveredException reason);
}

/// <summary>
/// Routes a silo's messages: placement picks the silo; local ones go to the catalog, others to the remote messenger.
/// Messages that arrive from other silos pass the same step, so one placed by a stale view is forwarded to the owner.
/// Calls to observers go to the process that holds the object: this one, or a client connected here.
/// </summary>
internal sealed class MessageCenter(Catalog catalog, IPlacementDirector placement, LocalSiloDetails local) : IMessageSender, IMessageRouter
{
    /// <summary>How often a message may be forwarded between silos that disagree about placement before it stays.</summary>
    private const int MaxRemoteForwards = 2;

    /// <summary>How often a message whose frame never left may be routed again.</summary>
    private const int MaxResends = 3;

    public SiloAddress LocalSilo => local.Address;

    /// <summary>The cluster's messenger; null for a silo alone.</summary>
    public IRemoteMessenger? Remote { get; set; }

    /// <summary>Where grains placed at random or on the caller are found; null for a silo alone.</summary>
    public GrainLocator? Directory { get; set; }

    public void Send(Message message)
    {
        if (ObserverRegistry.IsObserver(message.Target))
        {
            SendToObserver(message);
            return;
        }

        if (Directory is { } directory && GrainLocator.UsesDirectory(message.Target))
        {
            if (directory.TryGetCached(message.Target, out var cached))
            {
                SendTo(cached, message);
            }
            else
            {
                _ = LocateAndSendAsync(directory, message);
            }

            return;
        }

        SiloAddress silo;
        try
        {
            silo = placement.Locate(message.Target);
        }
        catch (Exception exception)
        {
            message.Response?.Fail(exception);
            return;
        }

        SendTo(silo, message);
    }

    private void SendTo(SiloAddress silo, Message message)
    {
        if (silo == local.Address || Remote is null)
        {
            if (silo != local.Address)
            {
                message.Response?.Fail(new SiloUnavailableException($"{message.Target} is placed on {silo}, which this silo cannot reach."));
                return;
            }

            catalog.Deliver(message);
            return;
        }

        Remote.Send(silo, message);
    }

    private async Task LocateAndSendAsync(GrainLocator directory, Message message)
    {
        try
        {
            SendTo(await directory.LocateAsync(message.Target), message);
        }
        catch (Exception exception)
        {
            message.Response?.Fail(exception);
        }
    }

    /// <summary>
    /// A grain found through the directory arrived here. Its activation here runs it; without one, the directory
    /// decides: this silo if the entry names it or names no live silo, otherwise the silo it names.
    /// </summary>
    private async Task ReceiveThroughDirectoryAsync(GrainLocator directory, Message message)
    {
        try
        {
            var host = await directory.RegisterAsync(message.Target, local.Address);
            if (host == local.Address || message.ForwardCount >= MaxRemoteForwards)
            {
                catalog.Deliver(message);
                return;
            }

            message.ForwardCount++;
            Remote!.Send(host, message);
        }
        catch (Exception exception)
        {
            message.Response?.Fail(exception);
        }
    }

    /// <summary>Takes a message another silo sent here: delivers it if this silo owns the grain, else forwards it.</summary>
    public void Receive(Message message)
    {
        if (ObserverRegistry.IsObserver(message.Target))
        {
            SendToObserver(message);
            return;
        }

        if (Directory is { } directory && GrainLocator.UsesDirectory(message.Target))
        {
            if (catalog.IsActive(message.Target))
            {
                catalog.Deliver(message);
            }
            else
            {
                _ = ReceiveThroughDirectoryAsync(directory, message);
            }

            return;
        }

        if (message.ForwardCount >= MaxRemoteForwards || SafeOwner(message.Target) is not { } owner || owner == local.Address)
        {
            catalog.Deliver(message); // ETags fence the state if two silos briefly disagree about the owner
            return;
        }

        message.ForwardCount++;
        message.ForwardedOnArrival = true;
        Remote!.Send(owner, message);
    }

    /// <summary>The frame never left this process, so routing it again cannot run the call twice.</summary>
    public void OnNotDelivered(SiloAddress silo, Message message, TransportNotDeliveredException reason)
    {
        if (Directory is { } directory && GrainLocator.UsesDirectory(message.Target))
        {
            directory.Invalidate(message.Target); // membership will drop that silo; the next call asks the directory again
        }

        if (message.ForwardedOnArrival)
        {
            // The sender placed the grain here and the owner this silo knows cannot be reached: the sender's view is
            // likely newer (the owner just died). Run it here; ETags fence the state if this view was the right one.
            message.ForwardedOnArrival = false;
            catalog.Deliver(message);
            return;
        }

        if (SafeLocate(message.Target) is { } now && now != silo && message.ForwardCount < MaxResends)
        {
            message.ForwardCount++;
            Send(message);
            return;
        }

        message.Response?.Fail(new SiloUnavailableException($"{silo} cannot be reached ({reason.Reason}): {reason.Message}"));
    }

    private void SendToObserver(Message message)
    {
        if (ObserverRegistry.TryInvoke(message))
        {
            return;
        }

        var owner = ObserverRegistry.OwnerOf(message.Target);
        if (ObserverRegistry.SiloOf(owner) is { } silo && Remote is not null && silo != local.Address)
        {
            Remote.Send(silo, message); // an observer made in another silo, such as a grain's stream subscription
            return;
        }

        if (Remote?.TrySendToClient(owner, message) != true)
        {
            message.Response?.Fail(new SiloUnavailableException(
                $"The observer {message.Target} cannot be reached from {local.Address}: its client '{owner}' is not connected here."));
        }
    }

    private SiloAddress? SafeLocate(GrainId grainId)
    {
        try
        {
            return placement.Locate(grainId);
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }

    private SiloAddress? SafeOwner(GrainId grainId)
    {
        try
        {
            return placement.OwnerOnArrival(grainId);
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }
}
