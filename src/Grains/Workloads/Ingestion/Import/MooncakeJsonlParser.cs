using System.Text.Json;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// The Mooncake trace (github.com/kvcache-ai/Mooncake, FAST25-release/traces): one JSON object a line with
/// <c>timestamp</c> (milliseconds after <see cref="TraceImportSettings.Start"/>), <c>input_length</c>,
/// <c>output_length</c> and <c>hash_ids</c>, the hashes of the prompt's blocks of <see cref="TraceImportSettings.BlockSize"/>
/// tokens, stored as <c>prefix_hashes</c>. A row whose <c>hash_ids</c> count is not ⌈input_length ÷ block size⌉ is
/// rejected: it was cut with another block size. Other fields are ignored.
/// </summary>
internal sealed class MooncakeJsonlParser(TraceImportSettings settings)
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 8 };

    public ImportRow? Parse(ReadOnlySpan<byte> line, int lineNumber)
    {
        try
        {
            return Read(line, lineNumber);
        }
        catch (JsonException ex)
        {
            return ImportRow.Reject(lineNumber, $"not valid JSON: {ex.Message}");
        }
        catch (FormatException ex)
        {
            return ImportRow.Reject(lineNumber, ex.Message);
        }
    }

    private ImportRow Read(ReadOnlySpan<byte> line, int lineNumber)
    {
        var reader = new Utf8JsonReader(line, s_options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("a row must be a JSON object");
        }

        double? offset = null;
        long? input = null;
        long? output = null;
        List<long>? hashes = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "timestamp":
                    offset = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var ms) && ms >= 0 && double.IsFinite(ms)
                        ? ms : throw new FormatException("timestamp must be a non-negative number of milliseconds");
                    break;
                case "input_length":
                    input = Count(ref reader, name);
                    break;
                case "output_length":
                    output = Count(ref reader, name);
                    break;
                case "hash_ids":
                    hashes = Hashes(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.Read())
        {
            throw new FormatException("a row must hold one JSON object only");
        }

        var tokens = input ?? throw new FormatException("input_length is required");
        var blocks = (tokens + settings.BlockSize - 1) / settings.BlockSize;
        if (hashes is not null && hashes.Count != blocks)
        {
            throw new FormatException(
                $"hash_ids has {hashes.Count} blocks, but input_length {tokens} in blocks of {settings.BlockSize} tokens needs {blocks}; is block_size right?");
        }

        return ImportRow.Accept(lineNumber, new WorkloadEvent(
            settings.Start.AddMilliseconds(offset ?? throw new FormatException("timestamp is required")), null, null, settings.Model, null,
            tokens, output ?? throw new FormatException("output_length is required"), 0, 0, null, null, "ok", null, null, null, null, null,
            settings.Dataset, null, hashes));
    }

    private static long Count(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) && count >= 0
            ? count : throw new FormatException($"{name} must be a non-negative integer");

    private static List<long> Hashes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("hash_ids must be an array of integers");
        }

        var hashes = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var hash))
            {
                throw new FormatException("hash_ids must hold 64-bit integers only");
            }

            if (hashes.Count == WorkloadEventParser.MaxPrefixHashes)
            {
                throw new FormatException($"hash_ids must have at most {WorkloadEventParser.MaxPrefixHashes} blocks");
            }

            hashes.Add(hash);
        }

        return hashes;
    }
}
