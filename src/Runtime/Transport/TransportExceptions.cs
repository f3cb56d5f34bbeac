using System.Net;

namespace Netra.Runtime.Transport;

/// <summary>A transport failure. <see cref="MayHaveBeenDelivered"/> tells the layer above whether a retry is safe.</summary>
public abstract class TransportException(string message, Exception? inner) : Exception(message, inner)
{
    /// <summary>False when the frame (or request) certainly never reached the peer, so it may be retried.</summary>
    public abstract bool MayHaveBeenDelivered { get; }
}

/// <summary>Why a frame was not sent.</summary>
public enum NotDeliveredReason
{
    /// <summary>The connection was closing or closed before the frame was written.</summary>
    ConnectionClosed,

    /// <summary>Connecting failed: refused, timed out, or the handshake failed.</summary>
    Unreachable,

    /// <summary>A connect to this peer failed moments ago; the transport fails fast until the backoff passes.</summary>
    RecentlyFailed,

    /// <summary>The peer (or this incarnation of it) was marked dead.</summary>
    PeerDead,

    /// <summary>The endpoint is served by a different incarnation than the caller expected.</summary>
    IncarnationMismatch,

    /// <summary>The payload is larger than <see cref="TransportOptions.MaxFrameSize"/>.</summary>
    FrameTooLarge,
}

/// <summary>The frame was never written to a socket. Retrying it, here or on another silo, is safe.</summary>
public sealed class TransportNotDeliveredException(
    NotDeliveredReason reason, EndPoint? peer, string message, Exception? inner = null) : TransportException(message, inner)
{
    /// <summary>Why the frame was not sent.</summary>
    public NotDeliveredReason Reason { get; } = reason;

    /// <summary>The peer the frame was meant for, when known.</summary>
    public EndPoint? Peer { get; } = peer;

    /// <inheritdoc />
    public override bool MayHaveBeenDelivered => false;
}

/// <summary>
/// A connection broke while frames were in flight. Frames already handed to the socket may have been delivered;
/// ask each <see cref="FrameReceipt"/> to tell them apart from those that were not.
/// </summary>
public sealed class ConnectionLostException(EndPoint? peer, string message, Exception? inner = null)
    : TransportException(message, inner)
{
    /// <summary>The remote endpoint of the lost connection.</summary>
    public EndPoint? Peer { get; } = peer;

    /// <inheritdoc />
    public override bool MayHaveBeenDelivered => true;
}

/// <summary>The peer broke the frame protocol (oversize frame, unknown kind, missing Hello, wrong version).</summary>
public sealed class TransportProtocolException(string message) : TransportException(message, null)
{
    /// <inheritdoc />
    public override bool MayHaveBeenDelivered => true;
}
