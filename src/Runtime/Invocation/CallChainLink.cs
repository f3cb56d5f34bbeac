namespace Netra.Runtime.Invocation;

/// <summary>
/// One waiting request of a call chain: grain <see cref="Grain"/> is running request <see cref="MessageId"/> and
/// waits, directly or through <see cref="Parent"/>'s requests, for the call that carries this link. Links hold ids
/// only, never a message's body or its caller's completion, so a chain costs a few bytes per waiting call.
/// </summary>
internal sealed class CallChainLink
{
    /// <summary>Chains deeper than this start afresh: a deeper cycle is then found by the call timeout instead.</summary>
    public const int MaxDepth = 128;

    public CallChainLink(GrainId grain, long messageId, CallChainLink? parent)
    {
        Grain = grain;
        MessageId = messageId;
        Parent = parent is { Depth: < MaxDepth } ? parent : null;
        Depth = (Parent?.Depth ?? 0) + 1;
    }

    public GrainId Grain { get; }

    public long MessageId { get; }

    public CallChainLink? Parent { get; }

    public int Depth { get; }
}
