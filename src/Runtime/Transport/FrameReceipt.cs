namespace Netra.Runtime.Transport;

/// <summary>The outcome of <see cref="TransportConnection.TrySend{TState}"/>.</summary>
public enum SendStatus
{
    /// <summary>The frame is in the connection's send buffer; see <see cref="FrameReceipt"/> for whether it left.</summary>
    Sent,

    /// <summary>The connection is closing or closed; the frame was not written anywhere, so a retry is safe.</summary>
    Closed,

    /// <summary>More than the pause threshold is waiting to be sent; the frame was not written. Use SendAsync to wait.</summary>
    Paused,
}

/// <summary>
/// Where a sent frame sits in its connection's byte stream. Keep it with an in-flight request: when the connection
/// closes (<see cref="IFrameHandler.OnClosed"/>), <see cref="MayHaveBeenDelivered"/> says whether a retry elsewhere
/// is safe.
/// </summary>
public readonly record struct FrameReceipt(TransportConnection Connection, long Position)
{
    /// <summary>
    /// False only when the frame provably never reached the socket: no byte of it was handed to the operating system,
    /// so the peer cannot have seen it. Final once the connection has closed; while it is open, false just means
    /// "still queued".
    /// </summary>
    public bool MayHaveBeenDelivered => Connection.MayHaveDelivered(Position);
}
