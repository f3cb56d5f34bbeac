using System.Collections.Immutable;
using System.ComponentModel;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Codecs of dictionaries and key-value pairs: a collection header (count + 1, 0 for null), then key and value of
/// each entry. IDictionary and IReadOnlyDictionary read back as <see cref="Dictionary{TKey, TValue}"/> with the
/// default comparer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DictionaryCodecs
{
    /// <summary>Writes any dictionary.</summary>
    public static void WriteDictionary<TKey, TValue>(WireWriter writer, IEnumerable<KeyValuePair<TKey, TValue>>? entries)
    {
        if (entries is null)
        {
            writer.WriteNull();
            return;
        }

        var list = entries as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? [.. entries];
        writer.WriteCollectionHeader(list.Count);
        var writeKey = WireCodec<TKey>.Write;
        var writeValue = WireCodec<TValue>.Write;
        foreach (var (key, value) in list)
        {
            writeKey(writer, key);
            writeValue(writer, value);
        }
    }

    /// <summary>Reads a dictionary.</summary>
    public static Dictionary<TKey, TValue> ReadDictionary<TKey, TValue>(WireReader reader)
        where TKey : notnull
    {
        var count = reader.ReadCollectionHeader();
        if (count < 0)
        {
            return null!;
        }

        var readKey = WireCodec<TKey>.Read;
        var readValue = WireCodec<TValue>.Read;
        var entries = new Dictionary<TKey, TValue>(count);
        for (var i = 0; i < count; i++)
        {
            var key = readKey(reader);
            entries[key] = readValue(reader);
        }

        return entries;
    }

    /// <summary>Reads an immutable dictionary.</summary>
    public static ImmutableDictionary<TKey, TValue> ReadImmutableDictionary<TKey, TValue>(WireReader reader)
        where TKey : notnull
    {
        var entries = ReadDictionary<TKey, TValue>(reader);
        return entries is null ? null! : entries.ToImmutableDictionary();
    }

    /// <summary>Writes the key, then the value.</summary>
    public static void WriteKeyValuePair<TKey, TValue>(WireWriter writer, KeyValuePair<TKey, TValue> entry)
    {
        WireCodec<TKey>.Write(writer, entry.Key);
        WireCodec<TValue>.Write(writer, entry.Value);
    }

    /// <summary>Reads the key, then the value.</summary>
    public static KeyValuePair<TKey, TValue> ReadKeyValuePair<TKey, TValue>(WireReader reader)
    {
        var key = WireCodec<TKey>.Read(reader);
        return new KeyValuePair<TKey, TValue>(key, WireCodec<TValue>.Read(reader));
    }
}
