using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Workload events as <c>JSONEachRow</c> lines of <see cref="ClickHouseSchema.Events"/>: written straight into the
/// request stream of an insert, and read back from a <c>SELECT</c> for <see cref="ClickHouseWorkloadStore.ReadAsync"/>.
/// The cost goes in as the same double the embedded store aggregates (<c>(double)decimal</c>, written to round-trip)
/// and comes back as the shortest decimal that round-trips that double.
/// </summary>
internal static class ClickHouseEventRows
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The columns <see cref="Read"/> needs, for a <c>SELECT</c>.</summary>
    public static string SelectList { get; } = string.Join(", ", ClickHouseSchema.EventColumns.Where(c => c is not ("user_id" or "seq")));

    /// <summary>A request body that writes <paramref name="count"/> of <paramref name="events"/> from <paramref name="offset"/> as rows, streamed, a new one per attempt.</summary>
    public static HttpContent Content(string userId, IReadOnlyList<WorkloadEvent> events, int offset, int count, ulong firstSeq) =>
        new RowsContent(userId, events, offset, count, firstSeq);

    /// <summary>An event from a row of <see cref="SelectList"/>.</summary>
    public static WorkloadEvent Read(JsonElement row)
    {
        var prefix = row.GetProperty("has_prefix_hashes").GetInt32() == 0
            ? null
            : row.GetProperty("prefix_hashes").EnumerateArray().Select(h => h.GetInt64()).ToArray();
        return new WorkloadEvent(
            DateTimeOffset.FromUnixTimeMilliseconds(row.GetProperty("ts_ms").GetInt64()),
            Text(row, "request_id"),
            Text(row, "provider"),
            row.GetProperty("model").GetString()!,
            Text(row, "operation"),
            row.GetProperty("input_tokens").GetInt64(),
            row.GetProperty("output_tokens").GetInt64(),
            row.GetProperty("cache_read_input_tokens").GetInt64(),
            row.GetProperty("cache_creation_input_tokens").GetInt64(),
            Double(row, "latency_ms"),
            Double(row, "ttft_ms"),
            row.GetProperty("status").GetString()!,
            Text(row, "finish_reason"),
            Double(row, "cost_usd") is { } cost ? decimal.Parse(cost.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            Text(row, "feature"),
            Text(row, "end_user"),
            Text(row, "session_id"),
            row.GetProperty("dataset").GetString()!,
            Text(row, "prompt_hash"),
            prefix,
            row.GetProperty("max_tokens") is { ValueKind: JsonValueKind.Number } max ? max.GetInt64() : null,
            Text(row, "team"));
    }

    private static string? Text(JsonElement row, string name) => row.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static double? Double(JsonElement row, string name) => row.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static void Write(Utf8JsonWriter writer, string userId, WorkloadEvent e, ulong seq)
    {
        writer.WriteStartObject();
        writer.WriteString("user_id", userId);
        writer.WriteString("dataset", e.Dataset);
        writer.WriteNumber("seq", seq);
        writer.WriteNumber("ts_ms", e.Timestamp.ToUnixTimeMilliseconds());
        writer.WriteString("request_id", e.RequestId);
        writer.WriteString("provider", e.Provider);
        writer.WriteString("model", e.Model);
        writer.WriteString("operation", e.Operation);
        writer.WriteNumber("input_tokens", e.InputTokens);
        writer.WriteNumber("output_tokens", e.OutputTokens);
        writer.WriteNumber("cache_read_input_tokens", e.CacheReadInputTokens);
        writer.WriteNumber("cache_creation_input_tokens", e.CacheCreationInputTokens);
        WriteDouble(writer, "latency_ms", e.LatencyMs);
        WriteDouble(writer, "ttft_ms", e.TtftMs);
        writer.WriteString("status", e.Status);
        writer.WriteString("finish_reason", e.FinishReason);
        WriteDouble(writer, "cost_usd", e.CostUsd is { } cost ? (double)cost : null);
        writer.WriteString("feature", e.Feature);
        writer.WriteString("end_user", e.EndUser);
        writer.WriteString("session_id", e.SessionId);
        writer.WriteString("prompt_hash", e.PromptHash);
        writer.WriteStartArray("prefix_hashes");
        foreach (var hash in e.PrefixHashes ?? [])
        {
            writer.WriteNumberValue(hash);
        }

        writer.WriteEndArray();
        writer.WriteNumber("has_prefix_hashes", e.PrefixHashes is null ? 0 : 1);
        if (e.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber("max_tokens", maxTokens);
        }
        else
        {
            writer.WriteNull("max_tokens");
        }

        writer.WriteString("team", e.Team);
        writer.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            writer.WriteNumber(name, v); // shortest round-trip form
        }
        else
        {
            writer.WriteNull(name); // the parser accepts finite numbers only
        }
    }

    /// <summary>The rows of one insert, serialized into the request stream as it is sent (chunked, not buffered whole).</summary>
    private sealed class RowsContent(string userId, IReadOnlyList<WorkloadEvent> events, int offset, int count, ulong firstSeq) : HttpContent
    {
        private const int FlushBytes = 64 * 1024;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(FlushBytes + (16 * 1024));
            await using var writer = new Utf8JsonWriter(buffer, s_writerOptions);
            for (var i = 0; i < count; i++)
            {
                Write(writer, userId, events[offset + i], firstSeq + (ulong)i);
                writer.Flush();
                buffer.Write("\n"u8);
                if (buffer.WrittenCount >= FlushBytes || i == count - 1)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                    writer.Reset(buffer);
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
