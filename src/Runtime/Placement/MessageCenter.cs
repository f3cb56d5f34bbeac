using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;

namespace Netra.Runtime.Placement;

/// <summary>Sends a message to another silo. The cluster's messenger implements it over TCP.</summary>
internal interface IRemoteMessenger
{
    void Send(SiloAddress silo, Message message);
}

/// <summary>
/// Routes a silo's messages: placement picks the silo; local ones go to the catalog, others to the remote messenger.
/// Messages that arrive from other silos pass the same step, so one placed by a stale view is forwarded to the owner.
/// </summary>
internal sealed class MessageCenter(Catalog catalog, IPlacementDirector placement, LocalSiloDetails local) : IMessageSender
{
    /// <summary>How often a message may be forwarded between silos that disagree about placement before it stays.</summary>
    private const int MaxRemoteForwards = 2;

    public SiloAddress LocalSilo => local.Address;

    /// <summary>The cluster's messenger; null for a silo alone.</summary>
    public IRemoteMessenger? Remote { get; set; }

    public void Send(Message message)
    {
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

    /// <summary>Takes a message another silo sent here: delivers it if this silo owns the grain, else forwards it.</summary>
    public void Receive(Message message)
    {
        if (message.ForwardCount >= MaxRemoteForwards || SafeOwner(message.Target) is not { } owner || owner == local.Address)
        {
            catalog.Deliver(message); // ETags fence the state if two silos briefly disagree about the owner
            return;
        }

        message.ForwardCount++;
        Remote!.Send(owner, message);
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
