namespace Netra.Runtime.Transport;

/// <summary>The kind byte of a frame. See <see cref="FrameCodec"/> for the layout.</summary>
public enum FrameKind : byte
{
    /// <summary>The first frame each side sends: protocol version, generation and name (<see cref="PeerIdentity"/>).</summary>
    Hello = 1,

    /// <summary>An opaque payload for the layer above; the only kind handed to <see cref="IFrameHandler.OnFrame"/>.</summary>
    Data = 2,

    /// <summary>A liveness probe carrying an 8-byte little-endian correlation id; answered with <see cref="Pong"/>.</summary>
    Ping = 3,

    /// <summary>The answer to <see cref="Ping"/>, carrying the same correlation id.</summary>
    Pong = 4,

    /// <summary>The sender is closing gracefully: it sends nothing after this, and expects the peer to close too.</summary>
    Goodbye = 5,
}
