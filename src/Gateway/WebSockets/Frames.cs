using System.Buffers;
using System.Text.Json;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// Writes the envelopes of ../shared/PROTOCOL.md: <c>{type, data, metadata}</c>. Events of the user's stream carry
/// their <c>seq</c>; frames about one connection (<c>connection_established</c>, <c>pong</c>, <c>heartbeat</c>,
/// <c>error</c>) are not part of the user's event log and carry no <c>seq</c>, so every connection sees one gapless count.
/// </summary>
public static partial class Frames
{
    /// <summary>The frame of one event of the user's stream.</summary>
    public static byte[] Event(StreamItem<UserEvent> item)
    {
        var value = item.Value;
        return Write(writer =>
        {
            writer.WriteString("type", value.Type);
            writer.WritePropertyName("data");
            if (value.Data.ValueKind == JsonValueKind.Undefined)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                value.Data.WriteTo(writer);
            }

            writer.WriteStartObject("metadata");
            writer.WriteNumber("seq", item.Sequence);
            WriteOptional(writer, "thread_id", value.ThreadId);
            WriteOptional(writer, "run_id", value.RunId);
            WriteOptional(writer, "agent_name", value.AgentName);
            writer.WriteString("timestamp", value.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        });
    }

    /// <summary>A frame about this connection, with no <c>seq</c>.</summary>
    public static byte[] Control(string type, Action<Utf8JsonWriter>? data, TimeProvider time) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteStartObject("data");
        data?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteStartObject("metadata");
        writer.WriteString("timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    });

    /// <summary>An <c>error</c> frame with a stable <paramref name="code"/>.</summary>
    public static byte[] Error(string code, string message, TimeProvider time) => Control("error", w =>
    {
        w.WriteString("code", code);
        w.WriteString("message", message);
    }, time);

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>A buffer and writer per thread, reused: a frame then allocates only its own bytes.</summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_scratch;

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var (buffer, writer) = t_scratch ??= NewScratch();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewScratch()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
