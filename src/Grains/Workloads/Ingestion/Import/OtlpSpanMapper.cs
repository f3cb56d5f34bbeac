using System.Globalization;
using System.Text.Json;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// Maps one OTLP JSON span to a workload event by the OpenTelemetry GenAI conventions. A span with none of
/// <c>gen_ai.usage.input_tokens</c>, <c>output_tokens</c> or the deprecated <c>prompt_tokens</c>/<c>completion_tokens</c>
/// is not a model call (an HTTP, database or agent span) and is skipped; a missing one of the pair counts 0. The model is
/// <c>gen_ai.response.model</c>, else <c>gen_ai.request.model</c>, else the import's; the provider
/// <c>gen_ai.provider.name</c>, else <c>gen_ai.system</c> (else the catalog's for the model); the feature the resource's <c>service.name</c>. Status: span
/// status code 2 (error) or an <c>error.type</c> is <c>error</c>, refined to <c>rate_limited</c> (HTTP 429 or an error
/// type naming a rate limit) or <c>timeout</c>. Latency is end minus start time.
/// </summary>
internal static class OtlpSpanMapper
{
    public static ImportRow Map(ReadOnlySpan<byte> json, int line, int index, string? service, TraceImportSettings settings)
    {
        var reader = new Utf8JsonReader(json);
        using var span = JsonDocument.ParseValue(ref reader);
        var root = span.RootElement;
        try
        {
            var attributes = Attributes(root);
            var input = Count(attributes, "gen_ai.usage.input_tokens") ?? Count(attributes, "gen_ai.usage.prompt_tokens");
            var output = Count(attributes, "gen_ai.usage.output_tokens") ?? Count(attributes, "gen_ai.usage.completion_tokens");
            if (input is null && output is null)
            {
                return ImportRow.Skip(line);
            }

            var cacheRead = Count(attributes, "gen_ai.usage.cache_read.input_tokens") ?? Count(attributes, "gen_ai.usage.cache_read_input_tokens") ?? 0;
            if (cacheRead > (input ?? 0))
            {
                throw new FormatException("gen_ai.usage.cache_read.input_tokens must not exceed gen_ai.usage.input_tokens");
            }

            var start = Nanos(root, "startTimeUnixNano") ?? throw new FormatException("startTimeUnixNano is required");
            var end = Nanos(root, "endTimeUnixNano");
            if (end < start)
            {
                throw new FormatException("endTimeUnixNano is before startTimeUnixNano");
            }

            var model = Text(attributes, "gen_ai.response.model") ?? Text(attributes, "gen_ai.request.model") ?? settings.Model;
            return ImportRow.Accept(line, new WorkloadEvent(
                DateTimeOffset.UnixEpoch.AddTicks((long)(start / 100)),
                Text(attributes, "gen_ai.response.id") ?? SpanId(root),
                Text(attributes, "gen_ai.provider.name") ?? Text(attributes, "gen_ai.system"),
                model,
                Text(attributes, "gen_ai.operation.name"),
                input ?? 0,
                output ?? 0,
                cacheRead,
                Count(attributes, "gen_ai.usage.cache_creation.input_tokens") ?? Count(attributes, "gen_ai.usage.cache_creation_input_tokens") ?? 0,
                end is { } e ? (e - start) / 1e6 : null,
                null,
                Status(root, attributes),
                FinishReason(attributes),
                null,
                ImportText.IsValid(service) ? service : null,
                Text(attributes, "user.id") ?? Text(attributes, "enduser.id"),
                Text(attributes, "gen_ai.conversation.id") ?? Text(attributes, "session.id"),
                settings.Dataset,
                null,
                null,
                Count(attributes, "gen_ai.request.max_tokens")));
        }
        catch (FormatException ex)
        {
            return ImportRow.Reject(line, $"span {index}: {ex.Message}");
        }
    }

    /// <summary>The <c>service.name</c> attribute of a resource, if any.</summary>
    public static string? ServiceName(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var resource = JsonDocument.ParseValue(ref reader);
        return Attributes(resource.RootElement).TryGetValue("service.name", out var value) && value.TryGetProperty("stringValue", out var name)
            && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
    }

    private static Dictionary<string, JsonElement> Attributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in list.EnumerateArray())
            {
                if (attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    && attribute.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object)
                {
                    attributes[key.GetString()!] = value;
                }
            }
        }

        return attributes;
    }

    private static string? Text(Dictionary<string, JsonElement> attributes, string key)
    {
        if (!attributes.TryGetValue(key, out var value) || !value.TryGetProperty("stringValue", out var text) || text.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var s = text.GetString();
        return ImportText.IsValid(s)
            ? s : throw new FormatException($"{key} must have 1 to {WorkloadEventParser.MaxTextLength} characters and no control characters");
    }

    /// <summary>A non-negative integer attribute: <c>intValue</c> (a JSON string in OTLP JSON, or a number), or a whole <c>doubleValue</c>.</summary>
    private static long? Count(Dictionary<string, JsonElement> attributes, string key)
    {
        if (!attributes.TryGetValue(key, out var value))
        {
            return null;
        }

        long count;
        if (value.TryGetProperty("intValue", out var i))
        {
            var ok = i.ValueKind == JsonValueKind.String
                ? long.TryParse(i.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count)
                : i.TryGetInt64(out count);
            if (ok && count >= 0)
            {
                return count;
            }
        }
        else if (value.TryGetProperty("doubleValue", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() is var x
                 && x >= 0 && x <= long.MaxValue && x == Math.Floor(x))
        {
            return (long)x;
        }

        throw new FormatException($"{key} must be a non-negative integer");
    }

    private static ulong? Nanos(JsonElement span, string name)
    {
        if (!span.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        ulong nanos;
        var ok = value.ValueKind == JsonValueKind.String
            ? ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out nanos)
            : value.TryGetUInt64(out nanos);
        return ok && nanos > 0 && nanos / 100 <= (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks
            ? nanos : throw new FormatException($"{name} must be nanoseconds since 1970 as a positive integer");
    }

    private static string? SpanId(JsonElement span) =>
        span.TryGetProperty("spanId", out var id) && id.ValueKind == JsonValueKind.String && ImportText.IsValid(id.GetString()) ? id.GetString() : null;

    private static string Status(JsonElement span, Dictionary<string, JsonElement> attributes)
    {
        var code = span.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out var c)
            ? c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.ValueKind == JsonValueKind.String ? c.GetString() : null
            : null;
        var errorType = attributes.TryGetValue("error.type", out var t) && t.TryGetProperty("stringValue", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString() ?? "" : null;
        if (code is not ("2" or "STATUS_CODE_ERROR") && errorType is null)
        {
            return "ok";
        }

        var http = attributes.TryGetValue("http.response.status_code", out var h) && h.TryGetProperty("intValue", out var hv) ? hv.ToString() : null;
        return http == "429" || errorType is "429" || errorType?.Contains("ratelimit", StringComparison.OrdinalIgnoreCase) == true
               || errorType?.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) == true
            ? "rate_limited"
            : errorType?.Contains("timeout", StringComparison.OrdinalIgnoreCase) == true ? "timeout" : "error";
    }

    private static string? FinishReason(Dictionary<string, JsonElement> attributes)
    {
        if (!attributes.TryGetValue("gen_ai.response.finish_reasons", out var value))
        {
            return null;
        }

        if (value.TryGetProperty("arrayValue", out var array) && array.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var first = values.EnumerateArray().FirstOrDefault();
            return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("stringValue", out var reason) && ImportText.IsValid(reason.GetString())
                ? reason.GetString() : null;
        }

        return Text(attributes, "gen_ai.response.finish_reasons");
    }
}
