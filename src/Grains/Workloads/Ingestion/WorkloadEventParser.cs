using System.Globalization;
using System.Text.Json;

namespace Netra.Grains.Workloads.Ingestion;

/// <summary>
/// Reads one workload event from JSON, in the schema of PROTOCOL.md: <c>timestamp</c>, <c>model</c>,
/// <c>input_tokens</c> and <c>output_tokens</c> required; <c>status</c> one of <see cref="Statuses"/> (<c>ok</c> when
/// absent); <c>dataset</c> a valid name (<c>default</c> when absent). Unknown fields are ignored. Every breach gets a
/// reason that names the field.
/// </summary>
public static class WorkloadEventParser
{
    /// <summary>The statuses an event may have.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["ok", "error", "rate_limited", "timeout"];

    /// <summary>The longest text field.</summary>
    public const int MaxTextLength = 256;

    /// <summary>The most prefix hashes one event may carry.</summary>
    public const int MaxPrefixHashes = 100_000;

    /// <summary>Parses one line; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, out WorkloadEvent? workloadEvent, out string? error)
    {
        workloadEvent = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            return TryRead(document.RootElement, out workloadEvent, out error);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>Reads one event from a JSON object; on failure <paramref name="error"/> says why.</summary>
    public static bool TryRead(JsonElement root, out WorkloadEvent? workloadEvent, out string? error)
    {
        workloadEvent = null;
        try
        {
            workloadEvent = Read(root);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static WorkloadEvent Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an event must be a JSON object");
        }

        var input = Count(root, "input_tokens", required: true);
        var cacheRead = Count(root, "cache_read_input_tokens", required: false);
        if (cacheRead > input)
        {
            throw new FormatException("cache_read_input_tokens must not exceed input_tokens (which counts cached tokens too)");
        }

        var status = Text(root, "status") ?? "ok";
        if (!Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new FormatException($"status must be one of {string.Join(", ", Statuses)}, not '{status}'");
        }

        var dataset = Text(root, "dataset") ?? WorkloadDatasets.Default;
        if (!WorkloadDatasets.IsValidName(dataset))
        {
            throw new FormatException("dataset must have 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var maxTokens = OptionalCount(root, "max_tokens");
        return new WorkloadEvent(
            Timestamp: Timestamp(root),
            RequestId: Text(root, "request_id"),
            Provider: Text(root, "provider"),
            Model: Text(root, "model") ?? throw new FormatException("model is required"),
            Operation: Text(root, "operation"),
            InputTokens: input,
            OutputTokens: Count(root, "output_tokens", required: true),
            CacheReadInputTokens: cacheRead,
            CacheCreationInputTokens: Count(root, "cache_creation_input_tokens", required: false),
            LatencyMs: Milliseconds(root, "latency_ms"),
            TtftMs: Milliseconds(root, "ttft_ms"),
            Status: status,
            FinishReason: Text(root, "finish_reason"),
            CostUsd: Cost(root),
            Feature: Text(root, "feature"),
            EndUser: Text(root, "end_user"),
            SessionId: Text(root, "session_id"),
            Dataset: dataset,
            PromptHash: Text(root, "prompt_hash"),
            PrefixHashes: PrefixHashes(root),
            MaxTokens: maxTokens,
            Team: Text(root, "team"));
    }

    private static bool TryGet(JsonElement root, string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static DateTimeOffset Timestamp(JsonElement root)
    {
        if (!TryGet(root, "timestamp", out var value))
        {
            throw new FormatException("timestamp is required");
        }

        if (value.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(
                value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw new FormatException("timestamp must be an ISO 8601 date-time string, such as 2026-11-20T10:00:00.123Z");
        }

        return timestamp;
    }

    private static string? Text(JsonElement root, string name)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"{name} must be a string");
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > MaxTextLength || text.Any(char.IsControl))
        {
            throw new FormatException($"{name} must have 1 to {MaxTextLength} characters and no control characters");
        }

        return text;
    }

    private static long Count(JsonElement root, string name, bool required)
    {
        if (!TryGet(root, name, out var value))
        {
            return required ? throw new FormatException($"{name} is required") : 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count) || count < 0)
        {
            throw new FormatException($"{name} must be a non-negative integer");
        }

        return count;
    }

    private static long? OptionalCount(JsonElement root, string name) =>
        TryGet(root, name, out _) ? Count(root, name, required: true) : null;

    private static double? Milliseconds(JsonElement root, string name)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var ms) || ms < 0 || !double.IsFinite(ms))
        {
            throw new FormatException($"{name} must be a non-negative number of milliseconds");
        }

        return ms;
    }

    private static decimal? Cost(JsonElement root)
    {
        if (!TryGet(root, "cost_usd", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var cost) || cost < 0)
        {
            throw new FormatException("cost_usd must be a non-negative number or null");
        }

        return cost;
    }

    private static List<long>? PrefixHashes(JsonElement root)
    {
        if (!TryGet(root, "prefix_hashes", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxPrefixHashes)
        {
            throw new FormatException($"prefix_hashes must be an array of at most {MaxPrefixHashes} integers");
        }

        var hashes = new List<long>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var hash))
            {
                throw new FormatException("prefix_hashes must hold 64-bit integers only");
            }

            hashes.Add(hash);
        }

        return hashes;
    }
}
