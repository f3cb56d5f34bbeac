using System.Text;
using System.Text.Json;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The strings of one answer, each kept once (up to a bound, so a column of many distinct values costs no more than a
/// string per value): a model name repeated on every row of a table or every event of a stream is one instance.
/// </summary>
internal sealed class ClickHouseStrings
{
    private const int MaxEntries = 65_536;
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const int MaxBytes = 256;
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates an empty set.</summary>
    public ClickHouseStrings() => _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Throws unless the reader stopped at the end of the row's object and the row ends there: an error ClickHouse wrote
    /// on the same line after a row, or a value where a column name belongs, is not a row.
    /// </summary>
    public static void EnsureWhole(ref Utf8JsonReader reader, ReadOnlySpan<byte> row)
    {
        if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != row.TrimEnd("\r "u8).Length)
        {
            throw new FormatException("A row is not one whole JSON object.");
        }
    }

    /// <summary>The string token under <paramref name="reader"/>: the instance seen before, or a new one.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxBytes];
        var text = chars[..s_strict.GetChars(reader.ValueSpan, chars)]; // invalid UTF-8 throws here, as in GetString
        if (_lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var value = text.ToString();
        if (_known.Count < MaxEntries)
        {
            _known.Add(value, value);
        }

        return value;
    }
}
