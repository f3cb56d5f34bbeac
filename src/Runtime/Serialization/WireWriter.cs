using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Writes Netra's compact binary wire format to an <see cref="IBufferWriter{T}"/>. Integers are LEB128 varints
/// (zigzag for signed), strings are UTF-8 with a length prefix that distinguishes null, and fixed-size values are
/// little-endian. Objects and collections start with a header of count + 1, where 0 means null.
/// </summary>
public sealed class WireWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public WireWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>How many bytes this writer has written.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteVarUInt64(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        Advance(i);
    }

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    /// <summary>Writes a signed value as a zigzag varint, so small negative numbers stay short.</summary>
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes one byte: 1 for true, 0 for false.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        Advance(1);
    }

    /// <summary>Writes one byte.</summary>
    public void WriteSByte(sbyte value) => WriteByte((byte)value);

    /// <summary>Writes a zigzag varint.</summary>
    public void WriteInt16(short value) => WriteVarInt64(value);

    /// <summary>Writes a varint.</summary>
    public void WriteUInt16(ushort value) => WriteVarUInt64(value);

    /// <summary>Writes a zigzag varint.</summary>
    public void WriteInt32(int value) => WriteVarInt64(value);

    /// <summary>Writes a varint.</summary>
    public void WriteUInt32(uint value) => WriteVarUInt64(value);

    /// <summary>Writes a zigzag varint.</summary>
    public void WriteInt64(long value) => WriteVarInt64(value);

    /// <summary>Writes a varint.</summary>
    public void WriteUInt64(ulong value) => WriteVarUInt64(value);

    /// <summary>Writes a UTF-16 code unit as a varint.</summary>
    public void WriteChar(char value) => WriteVarUInt64(value);

    /// <summary>Writes 4 little-endian bytes.</summary>
    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_output.GetSpan(4), value);
        Advance(4);
    }

    /// <summary>Writes 8 little-endian bytes.</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_output.GetSpan(8), value);
        Advance(8);
    }

    /// <summary>Writes the four 32-bit parts of the decimal, 16 bytes.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        var span = _output.GetSpan(16);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], parts[i]);
        }

        Advance(16);
    }

    /// <summary>Writes the 16 bytes of the Guid.</summary>
    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(_output.GetSpan(16));
        Advance(16);
    }

    /// <summary>Writes <see cref="DateTime.ToBinary"/>, which keeps the kind, as 8 little-endian bytes.</summary>
    public void WriteDateTime(DateTime value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value.ToBinary());
        Advance(8);
    }

    /// <summary>Writes the local ticks (8 bytes) and the offset in minutes (zigzag varint).</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value.Ticks);
        Advance(8);
        WriteVarInt64((long)value.Offset.TotalMinutes);
    }

    /// <summary>Writes the ticks as a zigzag varint.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteVarInt64(value.Ticks);

    /// <summary>Writes the day number as a varint.</summary>
    public void WriteDateOnly(DateOnly value) => WriteVarInt64(value.DayNumber);

    /// <summary>Writes the ticks as a varint.</summary>
    public void WriteTimeOnly(TimeOnly value) => WriteVarInt64(value.Ticks);

    /// <summary>Writes the UTF-8 byte count + 1 (0 for null), then the bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt64(0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt64((ulong)length + 1);
        if (length > 0)
        {
            var written = Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
            Advance(written);
        }
    }

    /// <summary>Writes the length + 1 (0 for null), then the bytes.</summary>
    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteVarUInt64(0);
            return;
        }

        WriteBytes(value.AsSpan());
    }

    /// <summary>Writes the length + 1, then the bytes. Reads back as an empty or filled array, never null.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarUInt64((ulong)value.Length + 1);
        WriteRaw(value);
    }

    /// <summary>Writes bytes with no length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        value.CopyTo(_output.GetSpan(value.Length));
        Advance(value.Length);
    }

    /// <summary>Writes the header of a null object or collection.</summary>
    public void WriteNull() => WriteVarUInt64(0);

    /// <summary>Writes the header of an object with <paramref name="fieldCount"/> fields that follow.</summary>
    public void WriteObjectHeader(int fieldCount) => WriteVarUInt64((ulong)fieldCount + 1);

    /// <summary>Writes the header of a collection with <paramref name="count"/> items that follow.</summary>
    public void WriteCollectionHeader(int count) => WriteVarUInt64((ulong)count + 1);

    private void Advance(int count)
    {
        _output.Advance(count);
        BytesWritten += count;
    }
}
