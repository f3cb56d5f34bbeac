using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;

namespace Netra.Runtime.Placement;

/// <summary>Routes a silo's outgoing and incoming messages: placement picks the silo, and local ones go to the catalog.</summary>
internal sealed class MessageCenter(Catalog catalog, IPlacementDirector placement, SiloAddress local) : IMessageSender
{
    public SiloAddress LocalSilo => local;

    public void Send(Message message)
    {
        var silo = placement.Locate(message.Target);
        if (silo == local)
        {
            catalog.Deliver(message);
            return;
        }

        message.Response?.Fail(new SiloUnavailableException($"{message.Target} is placed on {silo}, which this silo cannot reach."));
    }
}
