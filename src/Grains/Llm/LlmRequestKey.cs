using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Netra.Grains.Llm;

/// <summary>
/// The key of a request: SHA-256 over its normalised model, messages, tools, response schema, facts and max tokens.
/// Whitespace runs in text count as one space, and JSON is compared without its insignificant whitespace (key order
/// still counts: the deterministic default words facts in their order). The response cache keys on it, and usage
/// events carry it as their prompt hash.
/// </summary>
internal static partial class LlmRequestKey
{
    /// <summary>The key of <paramref name="request"/> sent to <paramref name="model"/>, as 64 lowercase hex digits.</summary>
    public static string Compute(string model, LlmRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", Text(model));
            writer.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", Text(message.Role).ToLowerInvariant());
                writer.WriteString("content", Text(message.Content));
                writer.WriteString("tool_call_id", message.ToolCallId);
                writer.WriteStartArray("tool_calls");
                foreach (var call in message.ToolCalls ?? [])
                {
                    WriteToolCall(writer, call);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tools");
            foreach (var tool in request.Tools ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("name", Text(tool.Name));
                writer.WriteString("description", Text(tool.Description));
                writer.WriteString("parameters", Json(tool.ParametersSchemaJson));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("schema", Json(request.ResponseSchemaJson));
            writer.WriteString("facts", Json(request.FactsJson));
            if (request.MaxTokens is { } maxTokens)
            {
                writer.WriteNumber("max_tokens", maxTokens);
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteToolCall(Utf8JsonWriter writer, LlmToolCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("id", call.Id);
        writer.WriteString("name", Text(call.Name));
        writer.WriteString("arguments", Json(call.ArgumentsJson));
        writer.WriteEndObject();
    }

    /// <summary>Trims <paramref name="text"/> and turns each run of whitespace into one space.</summary>
    internal static string Text(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();

    /// <summary>Compact JSON for valid JSON, normalised text otherwise; null stays null.</summary>
    private static string? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException)
        {
            // Not JSON: still a key, compared as text.
            return Text(json);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
