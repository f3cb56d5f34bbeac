using System.Buffers.Binary;
using System.Text;

namespace Netra.Runtime.Testing.Otlp;

/// <summary>The wire types of the protocol buffers encoding.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// Reads the protocol buffers wire format (https://protobuf.dev/programming-guides/encoding/): a message is a list
/// of fields, each a tag (field number and wire type, as a varint) and a value. Just enough for OTLP: varints, fixed
/// 32 and 64 bit values and length-delimited fields (strings, bytes, nested messages); unknown fields are skipped, as
/// a protobuf reader must. Malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType type)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            type = default;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        type = (WireType)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
        {
            throw new InvalidDataException($"Invalid field number {tag >> 3} at byte {_position}.");
        }

        return true;
    }

    /// <summary>A varint: up to 10 bytes, 7 bits each, least significant group first.</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("The message ends inside a varint.");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"A varint is longer than 10 bytes at byte {_position}.");
    }

    /// <summary>A little-endian 64-bit value (<c>fixed64</c>, <c>double</c>).</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A little-endian 32-bit value (<c>fixed32</c>, <c>float</c>).</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>A length-delimited value: bytes, a string or a nested message.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        return length > int.MaxValue ? throw new InvalidDataException($"A length of {length} bytes at byte {_position}.") : Take((int)length);
    }

    /// <summary>A UTF-8 string.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    /// <summary>Skips the value of a field of wire type <paramref name="type"/>.</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Wire type {(int)type} (groups or unknown) at byte {_position} is not supported.");
        }
    }

    /// <summary>Checks that a field has the wire type its schema gives it.</summary>
    public readonly void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"Field {field} has wire type {actual}, not {expected} (byte {_position}).");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException($"The message ends {count - (_data.Length - _position)} bytes early (at byte {_data.Length}).");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
