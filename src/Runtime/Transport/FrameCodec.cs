using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Netra.Runtime.Transport;

/// <summary>
/// The wire format. A frame is a 4-byte little-endian length of what follows, one <see cref="FrameKind"/> byte, and
/// the payload: <c>[length = 1 + payload bytes : int32 LE][kind : byte][payload]</c>. A Hello payload is
/// <c>[protocol version : uint16 LE][generation : int64 LE][name : UTF-8, rest of the frame]</c>; Ping and Pong carry
/// an 8-byte little-endian correlation id; Goodbye is empty.
/// </summary>
public static class FrameCodec
{
    /// <summary>Length prefix plus kind byte.</summary>
    public const int HeaderSize = 5;

    /// <summary>The protocol version this build speaks; a peer with another version is refused.</summary>
    public const ushort ProtocolVersion = 1;

    private const int HelloFixedSize = 2 + 8;
    private const int MaxNameBytes = 1024;

    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/> without copying, and moves
    /// <paramref name="buffer"/> past it. Returns false when the frame is not complete yet. A frame header announcing
    /// more than <paramref name="maxPayloadSize"/> bytes, or an unknown kind, throws at once, before its body is read.
    /// </summary>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, int maxPayloadSize, out FrameKind kind, out ReadOnlySequence<byte> payload)
    {
        kind = default;
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> copy = stackalloc byte[HeaderSize];
        ReadOnlySpan<byte> header = buffer.FirstSpan.Length >= HeaderSize ? buffer.FirstSpan[..HeaderSize] : Copy(buffer, copy);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length - 1 > maxPayloadSize)
        {
            throw new TransportProtocolException(
                $"Frame of {(long)length - 1} payload bytes exceeds the maximum of {maxPayloadSize} bytes (or is malformed)");
        }

        var frameKind = (FrameKind)header[4];
        if (frameKind is < FrameKind.Hello or > FrameKind.Goodbye)
        {
            throw new TransportProtocolException($"Unknown frame kind {header[4]}");
        }

        if (buffer.Length - 4 < length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderSize, length - 1);
        buffer = buffer.Slice(payload.End);
        kind = frameKind;
        return true;
    }

    /// <summary>Writes a frame header for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, FrameKind kind, int payloadLength)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, payloadLength + 1);
        destination[4] = (byte)kind;
    }

    /// <summary>Writes a Hello payload.</summary>
    public static void WriteHello(IBufferWriter<byte> writer, PeerIdentity identity)
    {
        var nameBytes = Encoding.UTF8.GetByteCount(identity.Name);
        if (nameBytes > MaxNameBytes)
        {
            throw new ArgumentException($"A peer name may have at most {MaxNameBytes} UTF-8 bytes", nameof(identity));
        }

        var span = writer.GetSpan(HelloFixedSize + nameBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span, ProtocolVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[2..], identity.Generation);
        Encoding.UTF8.GetBytes(identity.Name, span[HelloFixedSize..]);
        writer.Advance(HelloFixedSize + nameBytes);
    }

    /// <summary>Reads a Hello payload; a malformed one or another protocol version is a protocol error.</summary>
    public static PeerIdentity ReadHello(ReadOnlySequence<byte> payload)
    {
        if (payload.Length < HelloFixedSize || payload.Length > HelloFixedSize + MaxNameBytes)
        {
            throw new TransportProtocolException($"Malformed Hello frame of {payload.Length} bytes");
        }

        var bytes = payload.ToArray();
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        if (version != ProtocolVersion)
        {
            throw new TransportProtocolException($"Peer speaks protocol version {version}; this silo speaks {ProtocolVersion}");
        }

        var generation = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(2));
        return new PeerIdentity(Encoding.UTF8.GetString(bytes.AsSpan(HelloFixedSize)), generation);
    }

    /// <summary>Reads the correlation id of a Ping or Pong payload.</summary>
    public static long ReadCorrelation(ReadOnlySequence<byte> payload)
    {
        if (payload.Length != 8)
        {
            throw new TransportProtocolException($"Malformed Ping/Pong frame of {payload.Length} bytes");
        }

        Span<byte> bytes = stackalloc byte[8];
        payload.CopyTo(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    private static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> buffer, Span<byte> destination)
    {
        buffer.Slice(0, destination.Length).CopyTo(destination);
        return destination;
    }
}
