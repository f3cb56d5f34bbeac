using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// The Azure LLM inference trace (github.com/Azure/AzurePublicDataset): CSV with the header
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (columns found by name, in any order; without a header, that order),
/// timestamps such as <c>2023-11-16 18:15:46.6805900</c> in UTC with up to 7 fractional digits. ContextTokens is the
/// input and GeneratedTokens the output; the model is the import's (its provider then comes from the catalog).
/// </summary>
internal sealed class AzureCsvParser(TraceImportSettings settings)
{
    private static readonly string[] s_timestampFormats =
        ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"];

    private int _timestampColumn;
    private int _inputColumn = 1;
    private int _outputColumn = 2;
    private int _columns = 3;
    private bool _started;

    public ImportRow? Parse(ReadOnlySpan<byte> line, int lineNumber)
    {
        if (!_started)
        {
            _started = true;
            if (!char.IsAsciiDigit((char)line[0]))
            {
                return ReadHeader(line, lineNumber);
            }
        }

        Span<Range> fields = stackalloc Range[_columns];
        if (!TrySplit(line, fields))
        {
            return ImportRow.Reject(lineNumber, $"expected {_columns} comma-separated columns");
        }

        if (!TryTimestamp(Field(line, fields[_timestampColumn]), out var timestamp))
        {
            return ImportRow.Reject(lineNumber, "TIMESTAMP must be a UTC date-time such as 2023-11-16 18:15:46.6805900");
        }

        if (!TryCount(Field(line, fields[_inputColumn]), out var input))
        {
            return ImportRow.Reject(lineNumber, "ContextTokens must be a non-negative integer");
        }

        if (!TryCount(Field(line, fields[_outputColumn]), out var output))
        {
            return ImportRow.Reject(lineNumber, "GeneratedTokens must be a non-negative integer");
        }

        return ImportRow.Accept(lineNumber, new WorkloadEvent(
            timestamp, null, null, settings.Model, null, input, output, 0, 0, null, null, "ok", null, null, null, null, null,
            settings.Dataset, null, null));
    }

    private ImportRow? ReadHeader(ReadOnlySpan<byte> line, int lineNumber)
    {
        var names = Encoding.UTF8.GetString(line).Split(',').Select(n => n.Trim().Trim('"')).ToList();
        var timestamp = names.FindIndex(n => n.Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase));
        var input = names.FindIndex(n => n.Equals("ContextTokens", StringComparison.OrdinalIgnoreCase));
        var output = names.FindIndex(n => n.Equals("GeneratedTokens", StringComparison.OrdinalIgnoreCase));
        if (timestamp < 0 || input < 0 || output < 0)
        {
            return ImportRow.Reject(lineNumber, "the header must name the columns TIMESTAMP, ContextTokens and GeneratedTokens");
        }

        (_timestampColumn, _inputColumn, _outputColumn, _columns) = (timestamp, input, output, names.Count);
        return null;
    }

    /// <summary>Splits at commas into exactly <paramref name="fields"/>.Length fields.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var start = 0;
        for (var i = 0; i < fields.Length - 1; i++)
        {
            var comma = line[start..].IndexOf((byte)',');
            if (comma < 0)
            {
                return false;
            }

            fields[i] = start..(start + comma);
            start += comma + 1;
        }

        fields[^1] = start..line.Length;
        return line[start..].IndexOf((byte)',') < 0;
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, Range range) => line[range].Trim(" \t\""u8);

    private static bool TryCount(ReadOnlySpan<byte> field, out long count) =>
        Utf8Parser.TryParse(field, out count, out var used) && used == field.Length && count >= 0;

    private static bool TryTimestamp(ReadOnlySpan<byte> field, out DateTimeOffset timestamp)
    {
        timestamp = default;
        Span<char> chars = stackalloc char[40];
        if (field.Length > chars.Length || !Ascii.IsValid(field))
        {
            return false;
        }

        var length = Encoding.ASCII.GetChars(field, chars);
        if (!DateTime.TryParseExact(chars[..length], s_timestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return false;
        }

        timestamp = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }
}
