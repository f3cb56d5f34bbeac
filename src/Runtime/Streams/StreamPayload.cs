using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Netra.Runtime.Streams;

/// <summary>
/// An item of a stream as it is stored: its UTF-8 JSON. Get a stream as <c>IAsyncStream&lt;StreamPayload&gt;</c> to
/// subscribe to it or read it without deserializing each item, when the bytes are all that is needed (such as to
/// forward or re-frame them); appending a <see cref="StreamPayload"/> stores its bytes as they are.
/// </summary>
/// <param name="Utf8Json">The item's JSON, as the stream's writer serialized it.</param>
public readonly record struct StreamPayload(ReadOnlyMemory<byte> Utf8Json);

/// <summary>How items of <typeparamref name="T"/> become stored JSON and back, chosen once per type.</summary>
internal static class StreamCodec<T>
{
    private static readonly bool s_raw = typeof(T) == typeof(StreamPayload);

    public static byte[] Encode(T item, JsonSerializerOptions options)
    {
        if (s_raw)
        {
            return Unsafe.As<T, StreamPayload>(ref item).Utf8Json.ToArray();
        }

        return JsonSerializer.SerializeToUtf8Bytes(item, options);
    }

    public static T Decode(byte[] payload, JsonSerializerOptions options)
    {
        if (s_raw)
        {
            var raw = new StreamPayload(payload);
            return Unsafe.As<StreamPayload, T>(ref raw);
        }

        return JsonSerializer.Deserialize<T>(payload, options)!;
    }
}
