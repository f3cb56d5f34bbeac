using System.Buffers;

namespace Netra.Runtime.Transport;

/// <summary>
/// Receives the frames of a connection. Calls come from the connection's receive loop, one at a time and in the order
/// the frames were sent, so a handler must not block: it should parse the payload and hand the work off.
/// </summary>
public interface IFrameHandler
{
    /// <summary>
    /// A frame arrived. Only <see cref="FrameKind.Data"/> frames reach the handler; the connection answers Hello, Ping,
    /// Pong and Goodbye itself. <paramref name="payload"/> points into the connection's receive buffer and is valid
    /// only until this method returns: copy what must outlive the call.
    /// </summary>
    void OnFrame(TransportConnection connection, FrameKind kind, ReadOnlySequence<byte> payload);

    /// <summary>
    /// The connection closed, exactly once, after its send loop stopped: from here on
    /// <see cref="FrameReceipt.MayHaveBeenDelivered"/> is final for every frame sent on it. <paramref name="reason"/>
    /// is null for a graceful close (Goodbye exchanged or closed locally), a <see cref="ConnectionLostException"/>
    /// when the socket broke or the peer vanished, or a <see cref="TransportProtocolException"/>.
    /// </summary>
    void OnClosed(TransportConnection connection, Exception? reason);
}
