namespace Netra.Runtime.Serialization;

/// <summary>Registers the codecs of primitive and well-known types, once, on the first codec lookup that misses.</summary>
internal static class BuiltInCodecs
{
    private static readonly Lock s_lock = new();
    private static volatile bool s_registered;

    public static void EnsureRegistered()
    {
        if (s_registered)
        {
            return;
        }

        lock (s_lock)
        {
            if (s_registered)
            {
                return;
            }

            RegisterPrimitives();
            RegisterRuntimeTypes();
            s_registered = true;
        }
    }

    private static void RegisterPrimitives()
    {
        WireCodec<bool>.Register(static (w, v) => w.WriteBoolean(v), static r => r.ReadBoolean());
        WireCodec<byte>.Register(static (w, v) => w.WriteByte(v), static r => r.ReadByte());
        WireCodec<sbyte>.Register(static (w, v) => w.WriteSByte(v), static r => r.ReadSByte());
        WireCodec<short>.Register(static (w, v) => w.WriteInt16(v), static r => r.ReadInt16());
        WireCodec<ushort>.Register(static (w, v) => w.WriteUInt16(v), static r => r.ReadUInt16());
        WireCodec<int>.Register(static (w, v) => w.WriteInt32(v), static r => r.ReadInt32());
        WireCodec<uint>.Register(static (w, v) => w.WriteUInt32(v), static r => r.ReadUInt32());
        WireCodec<long>.Register(static (w, v) => w.WriteInt64(v), static r => r.ReadInt64());
        WireCodec<ulong>.Register(static (w, v) => w.WriteUInt64(v), static r => r.ReadUInt64());
        WireCodec<char>.Register(static (w, v) => w.WriteChar(v), static r => r.ReadChar());
        WireCodec<float>.Register(static (w, v) => w.WriteSingle(v), static r => r.ReadSingle());
        WireCodec<double>.Register(static (w, v) => w.WriteDouble(v), static r => r.ReadDouble());
        WireCodec<decimal>.Register(static (w, v) => w.WriteDecimal(v), static r => r.ReadDecimal());
        WireCodec<string>.Register(static (w, v) => w.WriteString(v), static r => r.ReadString()!);
        WireCodec<Guid>.Register(static (w, v) => w.WriteGuid(v), static r => r.ReadGuid());
        WireCodec<DateTime>.Register(static (w, v) => w.WriteDateTime(v), static r => r.ReadDateTime());
        WireCodec<DateTimeOffset>.Register(static (w, v) => w.WriteDateTimeOffset(v), static r => r.ReadDateTimeOffset());
        WireCodec<TimeSpan>.Register(static (w, v) => w.WriteTimeSpan(v), static r => r.ReadTimeSpan());
        WireCodec<DateOnly>.Register(static (w, v) => w.WriteDateOnly(v), static r => r.ReadDateOnly());
        WireCodec<TimeOnly>.Register(static (w, v) => w.WriteTimeOnly(v), static r => r.ReadTimeOnly());
        WireCodec<byte[]>.Register(static (w, v) => w.WriteBytes(v), static r => r.ReadBytes()!);
        WireCodec<ReadOnlyMemory<byte>>.Register(static (w, v) => w.WriteBytes(v.Span), static r => r.ReadBytes()!);
        WireCodec<Memory<byte>>.Register(static (w, v) => w.WriteBytes(v.Span), static r => r.ReadBytes()!);
    }

    private static void RegisterRuntimeTypes()
    {
        WireCodec<VoidResult>.Register(static (_, _) => { }, static _ => default);
        WireCodec<GrainId>.Register(GrainReferenceCodec.WriteGrainId, GrainReferenceCodec.ReadGrainId);
        WireCodec<Exception>.Register(ExceptionCodec.Write, ExceptionCodec.Read!);
    }
}
