using System.Globalization;
using System.Text.Json;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Workload events read back from <c>JSONEachRow</c> lines of <see cref="ClickHouseSchema.Events"/>, for
/// <see cref="ClickHouseWorkloadStore.ReadAsync"/> (they go in as <see cref="ClickHouseRowBinary"/>). ClickHouse writes
/// a Float64 in its shortest round-trip form, so doubles come back exactly; the cost, stored as the double the embedded
/// store aggregates (<c>(double)decimal</c>), comes back as the shortest decimal that round-trips that double.
/// </summary>
internal static class ClickHouseEventRows
{
    /// <summary>The columns <see cref="Read"/> needs, for a <c>SELECT</c>.</summary>
    public static string SelectList { get; } = string.Join(", ", ClickHouseSchema.EventColumns.Where(c => c is not ("user_id" or "seq")));

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
}
