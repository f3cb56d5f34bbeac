using Netra.Runtime.Activation;

namespace Netra.Runtime.Invocation;

/// <summary>
/// The envelope of one grain call. It is everything a call needs to cross a process: the target, the request body,
/// the call chain (for cycle detection), the deadline, and the trace context. In one process the envelope travels
/// by reference and <see cref="Response"/> points at the caller's completion; across processes the transport
/// serializes the envelope and routes the response by <see cref="Id"/>.
/// </summary>
internal sealed class Message : ITurn
{
    private static long s_nextId;

    public Message(GrainId target, GrainRequest body, CallChainLink? chain, long deadlineTimestamp, IResponseSink? response)
    {
        Id = Interlocked.Increment(ref s_nextId);
        Target = target;
        Body = body;
        Chain = chain;
        DeadlineTimestamp = deadlineTimestamp;
        Response = response;
    }

    /// <summary>The correlation id, unique in this process.</summary>
    public long Id { get; }

    public GrainId Target { get; }

    public GrainRequest Body { get; }

    /// <summary>
    /// The requests waiting for this call: the one that made it first, then the ones waiting for that one. Null for a
    /// call from outside any grain, and for one-way calls, which nobody waits for.
    /// </summary>
    public CallChainLink? Chain { get; }

    /// <summary>The link that calls made while this request runs carry, so they know this request waits for them.</summary>
    public CallChainLink Link => field ??= new CallChainLink(Target, Id, Chain);

    /// <summary>When the caller stops waiting, as a <see cref="TimeProvider"/> timestamp; <see cref="long.MaxValue"/> for never.</summary>
    public long DeadlineTimestamp { get; }

    /// <summary>Where the outcome goes; null for one-way calls.</summary>
    public IResponseSink? Response { get; private set; }

    /// <summary>The W3C traceparent of the caller's activity, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The caller's <see cref="Netra.Runtime.Invocation.RequestContext"/> values, if it had any.</summary>
    public RequestValues? RequestContext { get; init; }

    /// <summary>How often this message was re-routed because its activation went away before running it.</summary>
    public int ForwardCount { get; set; }

    /// <summary>Whether this silo received the message from another process and forwarded it to the owner it knows.</summary>
    public bool ForwardedOnArrival { get; set; }

    /// <summary>Wraps where the outcome goes, before the message is routed: the transport's hooks on an incoming call.</summary>
    public Message WithResponse(IResponseSink response)
    {
        Response = response;
        return this;
    }

    public bool Interleaves(bool grainIsReentrant) => grainIsReentrant || Body.IsAlwaysInterleave;

    /// <summary>Whether <paramref name="grain"/>, running request <paramref name="messageId"/>, waits somewhere up this chain.</summary>
    public bool ChainContains(GrainId grain, long messageId)
    {
        for (var link = Chain; link is not null; link = link.Parent)
        {
            if (link.MessageId == messageId && link.Grain == grain)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The grains of the chain from the outermost waiting call down to this call's target.</summary>
    public List<GrainId> ChainToList()
    {
        var grains = new List<GrainId> { Target };
        for (var link = Chain; link is not null; link = link.Parent)
        {
            grains.Add(link.Grain);
        }

        grains.Reverse();
        return grains;
    }

    public override string ToString() => $"#{Id} {Body} -> {Target}";
}
