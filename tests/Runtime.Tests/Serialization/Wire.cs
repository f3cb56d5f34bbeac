using System.Buffers;
using Netra.Runtime.Serialization;

namespace Netra.Runtime.Tests.Serialization;

/// <summary>Round trips through the wire codecs, checking that the reader consumes exactly what was written.</summary>
internal static class Wire
{
    public static byte[] Bytes<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WireCodec<T>.Write(new WireWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }

    public static T Read<T>(byte[] bytes, SerializationContext? context = null)
    {
        var reader = new WireReader(bytes, context);
        var value = WireCodec<T>.Read(reader);
        Assert.Equal(0, reader.Remaining);
        return value;
    }

    public static T RoundTrip<T>(T value, SerializationContext? context = null) => Read<T>(Bytes(value), context);

    /// <summary>Writing what was read gives the same bytes: nothing was lost or changed on the way.</summary>
    public static T AssertStable<T>(T value, SerializationContext? context = null)
    {
        var bytes = Bytes(value);
        var copy = Read<T>(bytes, context);
        Assert.Equal(bytes, Bytes(copy));
        return copy;
    }
}
