using System.Globalization;
using System.Text.Json;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Workload events read back from <c>JSONEachRow</c> lines of <see cref="ClickHouseSchema.Events"/>, for
/// <see cref="ClickHouseWorkloadStore.ReadAsync(string, Query.WorkloadFilter, bool, CancellationToken)"/> (they go in as <see cref="ClickHouseRowBinary"/>). ClickHouse writes
/// a Float64 in its shortest round-trip form, so doubles come back exactly; the cost, stored as the double the embedded
/// store aggregates (<c>(double)decimal</c>), comes back as the shortest decimal that round-trips that double. Each
/// line is read once with <see cref="Utf8JsonReader"/>, and the columns of few values (model, provider, status, …)
/// are one string per stream (<see cref="ClickHouseStrings"/>).
/// </summary>
internal static class ClickHouseEventRows
{
    private static readonly string s_all = string.Join(", ", ClickHouseSchema.EventColumns.Where(c => c is not ("user_id" or "seq")));

    private static readonly string s_withoutPrompts = string.Join(
        ", ", ClickHouseSchema.EventColumns.Where(c => c is not ("user_id" or "seq" or "prompt_hash" or "prefix_hashes" or "has_prefix_hashes")));

    /// <summary>The columns <see cref="Read"/> takes, for a <c>SELECT</c>; without <paramref name="prompts"/>, no prompt or prefix hashes (they read as null).</summary>
    public static string Select(bool prompts) => prompts ? s_all : s_withoutPrompts;

    /// <summary>A reader of one stream's rows, with its own set of strings.</summary>
    public static ClickHouseRowParser<WorkloadEvent> Reader()
    {
        var strings = new ClickHouseStrings();
        return row => Read(row, strings);
    }

    /// <summary>An event from a row of <see cref="Select"/>'s columns; a column it does not know is skipped, one it lacks is empty.</summary>
    public static WorkloadEvent Read(ReadOnlySpan<byte> row, ClickHouseStrings strings)
    {
        var e = new Columns();
        var reader = new Utf8JsonReader(row);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("An event row is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            ReadColumn(ref reader, name, ref e, strings);
        }

        ClickHouseStrings.EnsureWhole(ref reader, row);
        return new WorkloadEvent(
            DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp), e.RequestId, e.Provider, e.Model ?? throw new FormatException("An event row has no model."),
            e.Operation, e.InputTokens, e.OutputTokens, e.CacheRead, e.CacheCreation, e.LatencyMs, e.TtftMs,
            e.Status ?? throw new FormatException("An event row has no status."), e.FinishReason,
            e.Cost is { } cost ? decimal.Parse(cost.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            e.Feature, e.EndUser, e.SessionId, e.Dataset ?? throw new FormatException("An event row has no dataset."), e.PromptHash,
            e.HasPrefix ? e.Prefix ?? [] : null, e.MaxTokens, e.Team);
    }

    private static void ReadColumn(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref Columns e, ClickHouseStrings strings)
    {
        if (name.SequenceEqual("ts_ms"u8)) { e.Timestamp = reader.GetInt64(); }
        else if (name.SequenceEqual("dataset"u8)) { e.Dataset = Shared(ref reader, strings); }
        else if (name.SequenceEqual("request_id"u8)) { e.RequestId = Own(ref reader); }
        else if (name.SequenceEqual("provider"u8)) { e.Provider = Shared(ref reader, strings); }
        else if (name.SequenceEqual("model"u8)) { e.Model = Shared(ref reader, strings); }
        else if (name.SequenceEqual("operation"u8)) { e.Operation = Shared(ref reader, strings); }
        else if (name.SequenceEqual("input_tokens"u8)) { e.InputTokens = reader.GetInt64(); }
        else if (name.SequenceEqual("output_tokens"u8)) { e.OutputTokens = reader.GetInt64(); }
        else if (name.SequenceEqual("cache_read_input_tokens"u8)) { e.CacheRead = reader.GetInt64(); }
        else if (name.SequenceEqual("cache_creation_input_tokens"u8)) { e.CacheCreation = reader.GetInt64(); }
        else if (name.SequenceEqual("latency_ms"u8)) { e.LatencyMs = Number(ref reader); }
        else if (name.SequenceEqual("ttft_ms"u8)) { e.TtftMs = Number(ref reader); }
        else if (name.SequenceEqual("status"u8)) { e.Status = Shared(ref reader, strings); }
        else if (name.SequenceEqual("finish_reason"u8)) { e.FinishReason = Shared(ref reader, strings); }
        else if (name.SequenceEqual("cost_usd"u8)) { e.Cost = Number(ref reader); }
        else if (name.SequenceEqual("feature"u8)) { e.Feature = Shared(ref reader, strings); }
        else if (name.SequenceEqual("end_user"u8)) { e.EndUser = Shared(ref reader, strings); }
        else if (name.SequenceEqual("session_id"u8)) { e.SessionId = Own(ref reader); }
        else if (name.SequenceEqual("prompt_hash"u8)) { e.PromptHash = Own(ref reader); }
        else if (name.SequenceEqual("prefix_hashes"u8)) { e.Prefix = Hashes(ref reader); }
        else if (name.SequenceEqual("has_prefix_hashes"u8)) { e.HasPrefix = reader.GetInt32() != 0; }
        else if (name.SequenceEqual("max_tokens"u8)) { e.MaxTokens = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null; }
        else if (name.SequenceEqual("team"u8)) { e.Team = Shared(ref reader, strings); }
        else { reader.Skip(); }
    }

    private static string? Shared(ref Utf8JsonReader reader, ClickHouseStrings strings) =>
        reader.TokenType == JsonTokenType.String ? strings.Get(ref reader) : null;

    private static string? Own(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private static double? Number(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;

    private static long[] Hashes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("prefix_hashes is not an array.");
        }

        var hashes = new List<long>();
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            hashes.Add(reader.GetInt64());
        }

        return reader.TokenType == JsonTokenType.EndArray ? [.. hashes] : throw new FormatException("prefix_hashes holds something other than numbers.");
    }

    /// <summary>One row's columns as they are read, in any order.</summary>
    private struct Columns
    {
        public long Timestamp, InputTokens, OutputTokens, CacheRead, CacheCreation;
        public string? Dataset, RequestId, Provider, Model, Operation, Status, FinishReason, Feature, EndUser, SessionId, PromptHash, Team;
        public double? LatencyMs, TtftMs, Cost;
        public long? MaxTokens;
        public long[]? Prefix;
        public bool HasPrefix;
    }
}
