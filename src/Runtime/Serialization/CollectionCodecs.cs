using System.Collections.Immutable;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Codecs of sequences and sets: a collection header (count + 1, 0 for null), then each item with its own codec.
/// Generated code registers them per closed type, e.g. <c>WireCodec&lt;List&lt;Order&gt;&gt;.Register(WriteEnumerable, ReadList)</c>.
/// Interface types (IReadOnlyList, IEnumerable, ...) read back as the concrete List, HashSet or array.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CollectionCodecs
{
    /// <summary>Writes any sequence; a null sequence is distinguished from an empty one.</summary>
    public static void WriteEnumerable<T>(WireWriter writer, IEnumerable<T>? items)
    {
        switch (items)
        {
            case null:
                writer.WriteNull();
                return;
            case T[] array:
                WriteSpan(writer, array);
                return;
            case List<T> list:
                WriteSpan(writer, CollectionsMarshal.AsSpan(list));
                return;
            case ICollection<T> collection:
                WriteCounted(writer, collection, collection.Count);
                return;
            case IReadOnlyCollection<T> collection:
                WriteCounted(writer, collection, collection.Count);
                return;
            default:
                WriteSpan(writer, CollectionsMarshal.AsSpan(new List<T>(items)));
                return;
        }
    }

    /// <summary>Writes an array.</summary>
    public static void WriteArray<T>(WireWriter writer, T[]? items)
    {
        if (items is null)
        {
            writer.WriteNull();
            return;
        }

        WriteSpan(writer, items);
    }

    /// <summary>Reads an array.</summary>
    public static T[] ReadArray<T>(WireReader reader)
    {
        var count = reader.ReadCollectionHeader();
        if (count < 0)
        {
            return null!;
        }

        var read = WireCodec<T>.Read;
        var items = count == 0 ? [] : new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(reader);
        }

        return items;
    }

    /// <summary>Reads a list.</summary>
    public static List<T> ReadList<T>(WireReader reader)
    {
        var count = reader.ReadCollectionHeader();
        if (count < 0)
        {
            return null!;
        }

        var read = WireCodec<T>.Read;
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }

    /// <summary>Reads a hash set with the default comparer.</summary>
    public static HashSet<T> ReadHashSet<T>(WireReader reader)
    {
        var count = reader.ReadCollectionHeader();
        if (count < 0)
        {
            return null!;
        }

        var read = WireCodec<T>.Read;
        var items = new HashSet<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }

    /// <summary>Writes an immutable array; a default (uninitialized) array is written as null.</summary>
    public static void WriteImmutableArray<T>(WireWriter writer, ImmutableArray<T> items)
    {
        if (items.IsDefault)
        {
            writer.WriteNull();
            return;
        }

        WriteSpan(writer, items.AsSpan());
    }

    /// <summary>Reads an immutable array; null reads as a default array.</summary>
    public static ImmutableArray<T> ReadImmutableArray<T>(WireReader reader)
    {
        var items = ReadArray<T>(reader);
        return items is null ? default : ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>Reads an immutable list.</summary>
    public static ImmutableList<T> ReadImmutableList<T>(WireReader reader)
    {
        var items = ReadArray<T>(reader);
        return items is null ? null! : ImmutableList.Create(items);
    }

    private static void WriteSpan<T>(WireWriter writer, ReadOnlySpan<T> items)
    {
        writer.WriteCollectionHeader(items.Length);
        var write = WireCodec<T>.Write;
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    private static void WriteCounted<T>(WireWriter writer, IEnumerable<T> items, int count)
    {
        writer.WriteCollectionHeader(count);
        var write = WireCodec<T>.Write;
        var written = 0;
        foreach (var item in items)
        {
            write(writer, item);
            written++;
        }

        if (written != count)
        {
            throw new InvalidOperationException($"A collection reported {count} items but enumerated {written}; was it changed while being written?");
        }
    }
}
