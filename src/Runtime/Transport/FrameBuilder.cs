using System.Buffers;

namespace Netra.Runtime.Transport;

/// <summary>
/// A per-thread, pooled buffer a frame is serialized into before it is copied into the connection's pipe. Serializing
/// here, outside the connection's write lock, lets many threads serialize in parallel, checks the size before anything
/// is written, and means a serializer that throws halfway leaves nothing behind in the byte stream. The price is one
/// copy of the payload, cheap next to serializing it.
/// </summary>
internal sealed class FrameBuilder : IBufferWriter<byte>
{
    private const int InitialSize = 4096;
    private const int RetainedSize = 256 * 1024;

    [ThreadStatic]
    private static FrameBuilder? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written = FrameCodec.HeaderSize;

    /// <summary>The payload bytes written so far.</summary>
    public int PayloadLength => _written - FrameCodec.HeaderSize;

    /// <summary>Takes this thread's builder, or a new one when it is in use (a send from inside a serializer).</summary>
    public static FrameBuilder Rent()
    {
        var builder = t_cached ?? new FrameBuilder();
        t_cached = null;
        builder._written = FrameCodec.HeaderSize;
        return builder;
    }

    /// <summary>Gives the builder back to this thread, dropping a buffer that grew large.</summary>
    public static void Return(FrameBuilder builder)
    {
        if (builder._buffer.Length > RetainedSize)
        {
            ArrayPool<byte>.Shared.Return(builder._buffer);
            builder._buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        t_cached = builder;
    }

    /// <summary>Writes the header in front of the payload and returns the whole frame.</summary>
    public ReadOnlySpan<byte> Complete(FrameKind kind)
    {
        FrameCodec.WriteHeader(_buffer, kind, PayloadLength);
        return _buffer.AsSpan(0, _written);
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        if (count < 0 || _written + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
