using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote, from one whole frame. Malformed or truncated input raises
/// <see cref="WireFormatException"/>. The <see cref="Context"/> carries what reading needs from the local runtime,
/// such as the binder that turns grain ids back into references.
/// </summary>
public sealed class WireReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public WireReader(ReadOnlyMemory<byte> data, SerializationContext? context = null)
    {
        _data = data;
        Context = context ?? SerializationContext.Default;
    }

    /// <summary>Creates a reader over a frame that may be split across segments (copied once if it is).</summary>
    public WireReader(ReadOnlySequence<byte> data, SerializationContext? context = null)
        : this(data.IsSingleSegment ? data.First : data.ToArray(), context)
    {
    }

    /// <summary>What reading needs from the local runtime.</summary>
    public SerializationContext Context { get; }

    /// <summary>How many bytes have been read.</summary>
    public int Position => _position;

    /// <summary>How many bytes are left.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Reads an unsigned LEB128 varint.</summary>
    public ulong ReadVarUInt64()
    {
        var span = _data.Span;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw WireFormatException.Truncated("a varint");
            }

            var b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new WireFormatException("A varint is longer than 10 bytes.");
    }

    /// <summary>Reads an unsigned varint that must fit 32 bits.</summary>
    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue ? (uint)value : throw WireFormatException.OutOfRange(value, "UInt32");
    }

    /// <summary>Reads a zigzag varint.</summary>
    public long ReadVarInt64()
    {
        var value = ReadVarUInt64();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    /// <summary>Reads a boolean byte.</summary>
    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new WireFormatException($"Byte {other} is not a boolean."),
    };

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw WireFormatException.Truncated("a byte");
        }

        return _data.Span[_position++];
    }

    /// <summary>Reads one byte.</summary>
    public sbyte ReadSByte() => (sbyte)ReadByte();

    /// <summary>Reads a zigzag varint.</summary>
    public short ReadInt16() => (short)Signed(short.MinValue, short.MaxValue, "Int16");

    /// <summary>Reads a varint.</summary>
    public ushort ReadUInt16() => (ushort)Unsigned(ushort.MaxValue, "UInt16");

    /// <summary>Reads a zigzag varint.</summary>
    public int ReadInt32() => (int)Signed(int.MinValue, int.MaxValue, "Int32");

    /// <summary>Reads a varint.</summary>
    public uint ReadUInt32() => (uint)Unsigned(uint.MaxValue, "UInt32");

    /// <summary>Reads a zigzag varint.</summary>
    public long ReadInt64() => ReadVarInt64();

    /// <summary>Reads a varint.</summary>
    public ulong ReadUInt64() => ReadVarUInt64();

    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => (char)Unsigned(char.MaxValue, "Char");

    /// <summary>Reads 4 little-endian bytes.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a float"));

    /// <summary>Reads 8 little-endian bytes.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "a double"));

    /// <summary>Reads the 16 bytes of a decimal.</summary>
    public decimal ReadDecimal()
    {
        var bytes = Take(16, "a decimal");
        Span<int> parts = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            parts[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        try
        {
            return new decimal(parts);
        }
        catch (ArgumentException exception)
        {
            throw Invalid("decimal", exception);
        }
    }

    /// <summary>Reads the 16 bytes of a Guid.</summary>
    public Guid ReadGuid() => new(Take(16, "a Guid"));

    /// <summary>Reads a DateTime with its kind.</summary>
    public DateTime ReadDateTime()
    {
        var binary = BinaryPrimitives.ReadInt64LittleEndian(Take(8, "a DateTime"));
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException exception)
        {
            throw Invalid("DateTime", exception);
        }
    }

    /// <summary>Reads a DateTimeOffset.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(Take(8, "a DateTimeOffset"));
        var offset = ReadVarInt64();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset));
        }
        catch (ArgumentException exception)
        {
            throw Invalid("DateTimeOffset", exception);
        }
    }

    /// <summary>Reads a TimeSpan.</summary>
    public TimeSpan ReadTimeSpan() => TimeSpan.FromTicks(ReadVarInt64());

    /// <summary>Reads a DateOnly.</summary>
    public DateOnly ReadDateOnly()
    {
        var day = ReadInt32();
        try
        {
            return DateOnly.FromDayNumber(day);
        }
        catch (ArgumentException exception)
        {
            throw Invalid("DateOnly", exception);
        }
    }

    /// <summary>Reads a TimeOnly.</summary>
    public TimeOnly ReadTimeOnly()
    {
        var ticks = ReadVarInt64();
        try
        {
            return new TimeOnly(ticks);
        }
        catch (ArgumentException exception)
        {
            throw Invalid("TimeOnly", exception);
        }
    }

    /// <summary>Reads a string, or null.</summary>
    public string? ReadString()
    {
        var header = ReadVarUInt64();
        if (header == 0)
        {
            return null;
        }

        var length = Length(header - 1, "a string");
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length, "a string"));
    }

    /// <summary>Reads a byte array, or null.</summary>
    public byte[]? ReadBytes()
    {
        var header = ReadVarUInt64();
        return header == 0 ? null : Take(Length(header - 1, "a byte array"), "a byte array").ToArray();
    }

    /// <summary>Reads a length-prefixed run of bytes without copying it; null reads as empty.</summary>
    public ReadOnlyMemory<byte> ReadMemory()
    {
        var header = ReadVarUInt64();
        if (header == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var length = Length(header - 1, "a byte run");
        var memory = _data.Slice(_position, length);
        _position += length;
        return memory;
    }

    /// <summary>Reads an object header: its field count, or -1 for null.</summary>
    public int ReadObjectHeader()
    {
        var header = ReadVarUInt64();
        return header == 0 ? -1 : Length(header - 1, "an object's field count", checkRemaining: false);
    }

    /// <summary>
    /// Reads a collection header: its item count, or -1 for null. A count larger than the bytes left is rejected, so
    /// a corrupt frame cannot make the reader allocate without bound.
    /// </summary>
    public int ReadCollectionHeader()
    {
        var header = ReadVarUInt64();
        return header == 0 ? -1 : Length(header - 1, "a collection");
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (Remaining < count)
        {
            throw WireFormatException.Truncated(what);
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private int Length(ulong value, string what, bool checkRemaining = true)
    {
        if (value > int.MaxValue || (checkRemaining && value > (ulong)Remaining))
        {
            throw new WireFormatException($"The frame claims {value} items for {what} but only {Remaining} bytes remain.");
        }

        return (int)value;
    }

    private long Signed(long min, long max, string type)
    {
        var value = ReadVarInt64();
        return value >= min && value <= max ? value : throw WireFormatException.OutOfRange(value, type);
    }

    private ulong Unsigned(ulong max, string type)
    {
        var value = ReadVarUInt64();
        return value <= max ? value : throw WireFormatException.OutOfRange(value, type);
    }

    private static WireFormatException Invalid(string type, Exception exception) =>
        new("The bytes are not a valid " + type + ".", exception);
}
