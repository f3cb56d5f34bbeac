using Netra.Runtime.Invocation;

namespace Netra.Runtime.Activation;

/// <summary>What the catalog delivers a grain's messages to: one activation, or a group of stateless workers.</summary>
internal interface IActivationTarget
{
    void Start();

    void Receive(Message message);
}
