using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

/// <summary>Helpers to stand up transport peers on 127.0.0.1.</summary>
public static class TransportPeers
{
    private static long s_generation = 1000;

    public static IPEndPoint AnyPort => new(IPAddress.Loopback, 0);

    public static TransportOptions FastOptions() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(50),
        MaxReconnectBackoff = TimeSpan.FromMilliseconds(200),
        CloseTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>A manager listening on a free (or the given) port, named after its endpoint.</summary>
    public static (ConnectionManager Manager, IPEndPoint EndPoint) Listening(
        IFrameHandler handler, TransportOptions? options = null, IPEndPoint? endPoint = null)
    {
        var generation = Interlocked.Increment(ref s_generation);
        var bound = endPoint ?? FreeEndPoint();
        var manager = new ConnectionManager(new PeerIdentity(bound.ToString(), generation), handler, options ?? FastOptions());
        return (manager, manager.Listen(bound));
    }

    /// <summary>A client manager that does not listen.</summary>
    public static ConnectionManager Client(IFrameHandler handler, TransportOptions? options = null) =>
        new(new PeerIdentity("client", Interlocked.Increment(ref s_generation)), handler, options ?? FastOptions());

    /// <summary>A loopback endpoint nobody listens on (bound once, then released).</summary>
    public static IPEndPoint FreeEndPoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(AnyPort);
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    public static ValueTask<FrameReceipt> SendBytesAsync(this TransportConnection connection, byte[] payload) =>
        connection.SendAsync(payload, static (writer, bytes) => writer.Write(bytes));

    /// <summary>A frame as it goes on the wire, for tests that speak the protocol by hand.</summary>
    public static byte[] RawFrame(FrameKind kind, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[FrameCodec.HeaderSize + payload.Length];
        FrameCodec.WriteHeader(frame, kind, payload.Length);
        payload.CopyTo(frame.AsSpan(FrameCodec.HeaderSize));
        return frame;
    }

    public static byte[] RawHello(PeerIdentity identity)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.WriteHello(writer, identity);
        return RawFrame(FrameKind.Hello, writer.WrittenSpan);
    }
}
