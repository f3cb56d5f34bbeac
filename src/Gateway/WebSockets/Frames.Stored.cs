using System.Globalization;
using System.Text.Json;

namespace Netra.Gateway.WebSockets;

/// <summary>Event frames written straight from a <see cref="Grains.Events.UserEvent"/>'s stored JSON.</summary>
public static partial class Frames
{
    // The stored names: the stream's JSON uses System.Text.Json's web defaults (camelCase).
    private static readonly byte[] s_type = "type"u8.ToArray();
    private static readonly byte[] s_data = "data"u8.ToArray();
    private static readonly byte[] s_threadId = "threadId"u8.ToArray();
    private static readonly byte[] s_runId = "runId"u8.ToArray();
    private static readonly byte[] s_agentName = "agentName"u8.ToArray();
    private static readonly byte[] s_timestamp = "timestamp"u8.ToArray();

    /// <summary>
    /// The frame of the event <paramref name="sequence"/> from its JSON as the user's stream stores it: the same frame
    /// as <see cref="Event(Runtime.Streams.StreamItem{Grains.Events.UserEvent})"/>, without deserializing the event.
    /// The data is copied as stored; strings are copied as escaped.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a stored event.</exception>
    public static byte[] Event(long sequence, ReadOnlySpan<byte> stored)
    {
        var reader = new Utf8JsonReader(stored);
        Range type = default, data = default, threadId = default, runId = default, agentName = default;
        DateTimeOffset timestamp = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stored event is a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (name.SequenceEqual(s_data))
            {
                reader.Skip();
                data = start..(int)reader.BytesConsumed;
            }
            else if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip(); // null, or a property this frame does not carry
            }
            else if (name.SequenceEqual(s_timestamp))
            {
                timestamp = reader.GetDateTimeOffset();
            }
            else
            {
                var token = start..(int)reader.BytesConsumed;
                if (name.SequenceEqual(s_type))
                {
                    type = token;
                }
                else if (name.SequenceEqual(s_threadId))
                {
                    threadId = token;
                }
                else if (name.SequenceEqual(s_runId))
                {
                    runId = token;
                }
                else if (name.SequenceEqual(s_agentName))
                {
                    agentName = token;
                }
            }
        }

        var (buffer, writer) = t_scratch ??= NewScratch();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        WriteRaw(writer, "type", stored, type);
        writer.WritePropertyName("data");
        if (data.Equals(default(Range)))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteRawValue(stored[data], skipInputValidation: true);
        }

        writer.WriteStartObject("metadata");
        writer.WriteNumber("seq", sequence);
        WriteRaw(writer, "thread_id", stored, threadId);
        WriteRaw(writer, "run_id", stored, runId);
        WriteRaw(writer, "agent_name", stored, agentName);
        Span<char> text = stackalloc char[32];
        timestamp.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString("timestamp", text[..written]);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a stored JSON string token as it is, if there was one.</summary>
    private static void WriteRaw(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> stored, Range token)
    {
        if (!token.Equals(default(Range)))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(stored[token], skipInputValidation: true);
        }
    }
}
