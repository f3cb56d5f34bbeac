using System.ComponentModel;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Codecs of value tuples (1 to 7 elements, written in order with no header) and of <see cref="Nullable{T}"/>
/// (a presence byte, then the value).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TupleCodecs
{
    /// <summary>Writes whether there is a value, then the value.</summary>
    public static void WriteNullable<T>(WireWriter writer, T? value)
        where T : struct
    {
        writer.WriteBoolean(value.HasValue);
        if (value is { } present)
        {
            WireCodec<T>.Write(writer, present);
        }
    }

    /// <summary>Reads a nullable value.</summary>
    public static T? ReadNullable<T>(WireReader reader)
        where T : struct =>
        reader.ReadBoolean() ? WireCodec<T>.Read(reader) : null;


    /// <summary>Writes each element in order.</summary>
    public static void Write<T1>(WireWriter writer, ValueTuple<T1> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1> Read<T1>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        return new ValueTuple<T1>(item1);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2>(WireWriter writer, ValueTuple<T1, T2> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2> Read<T1, T2>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        return new ValueTuple<T1, T2>(item1, item2);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2, T3>(WireWriter writer, ValueTuple<T1, T2, T3> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
        WireCodec<T3>.Write(writer, value.Item3);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2, T3> Read<T1, T2, T3>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        var item3 = WireCodec<T3>.Read(reader);
        return new ValueTuple<T1, T2, T3>(item1, item2, item3);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2, T3, T4>(WireWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
        WireCodec<T3>.Write(writer, value.Item3);
        WireCodec<T4>.Write(writer, value.Item4);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2, T3, T4> Read<T1, T2, T3, T4>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        var item3 = WireCodec<T3>.Read(reader);
        var item4 = WireCodec<T4>.Read(reader);
        return new ValueTuple<T1, T2, T3, T4>(item1, item2, item3, item4);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2, T3, T4, T5>(WireWriter writer, ValueTuple<T1, T2, T3, T4, T5> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
        WireCodec<T3>.Write(writer, value.Item3);
        WireCodec<T4>.Write(writer, value.Item4);
        WireCodec<T5>.Write(writer, value.Item5);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2, T3, T4, T5> Read<T1, T2, T3, T4, T5>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        var item3 = WireCodec<T3>.Read(reader);
        var item4 = WireCodec<T4>.Read(reader);
        var item5 = WireCodec<T5>.Read(reader);
        return new ValueTuple<T1, T2, T3, T4, T5>(item1, item2, item3, item4, item5);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2, T3, T4, T5, T6>(WireWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
        WireCodec<T3>.Write(writer, value.Item3);
        WireCodec<T4>.Write(writer, value.Item4);
        WireCodec<T5>.Write(writer, value.Item5);
        WireCodec<T6>.Write(writer, value.Item6);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2, T3, T4, T5, T6> Read<T1, T2, T3, T4, T5, T6>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        var item3 = WireCodec<T3>.Read(reader);
        var item4 = WireCodec<T4>.Read(reader);
        var item5 = WireCodec<T5>.Read(reader);
        var item6 = WireCodec<T6>.Read(reader);
        return new ValueTuple<T1, T2, T3, T4, T5, T6>(item1, item2, item3, item4, item5, item6);
    }

    /// <summary>Writes each element in order.</summary>
    public static void Write<T1, T2, T3, T4, T5, T6, T7>(WireWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7> value)
    {
        WireCodec<T1>.Write(writer, value.Item1);
        WireCodec<T2>.Write(writer, value.Item2);
        WireCodec<T3>.Write(writer, value.Item3);
        WireCodec<T4>.Write(writer, value.Item4);
        WireCodec<T5>.Write(writer, value.Item5);
        WireCodec<T6>.Write(writer, value.Item6);
        WireCodec<T7>.Write(writer, value.Item7);
    }

    /// <summary>Reads each element in order.</summary>
    public static ValueTuple<T1, T2, T3, T4, T5, T6, T7> Read<T1, T2, T3, T4, T5, T6, T7>(WireReader reader)
    {
        var item1 = WireCodec<T1>.Read(reader);
        var item2 = WireCodec<T2>.Read(reader);
        var item3 = WireCodec<T3>.Read(reader);
        var item4 = WireCodec<T4>.Read(reader);
        var item5 = WireCodec<T5>.Read(reader);
        var item6 = WireCodec<T6>.Read(reader);
        var item7 = WireCodec<T7>.Read(reader);
        return new ValueTuple<T1, T2, T3, T4, T5, T6, T7>(item1, item2, item3, item4, item5, item6, item7);
    }
}
