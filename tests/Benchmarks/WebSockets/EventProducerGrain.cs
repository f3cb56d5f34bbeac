using System.Text.Json;
using System.Text.Json.Serialization;
using Netra.Grains.Events;
using Netra.Runtime;
using Netra.Runtime.Streams;

namespace Netra.Benchmarks.WebSockets;

/// <summary>Emits events to one user's stream, as an agent or a tool does: keyed by the user id.</summary>
public interface IEventProducerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends <paramref name="count"/> events to <c>user/{key}</c> in one <c>OnNextBatchAsync</c>, each stamped with
    /// <paramref name="sentAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp of this process), and returns
    /// the sequence number of the last.
    /// </summary>
    Task<long> EmitAsync(int count, long sentAt);
}

/// <summary>The producer: builds <see cref="UserEvent"/>s the way a run does (data serialized to a JSON element) and appends them.</summary>
public sealed class EventProducerGrain(IStreamProvider streams) : Grain, IEventProducerGrain
{
    /// <summary>About 200 bytes of event data with the timestamp, like a log line or a short tool result.</summary>
    public const string Text =
        "Scanned 1,284 requests of feature checkout over the last 24 hours: p50 latency 412 ms, p99 2,310 ms, "
        + "cost 18.40 USD, 3 models; the largest share goes to prefill of long prompts";

    private IAsyncStream<UserEvent>? _stream;

    public Task<long> EmitAsync(int count, long sentAt)
    {
        _stream ??= streams.GetStream<UserEvent>(UserStreams.For(GetPrimaryKeyString()));
        var events = new UserEvent[count];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var data = JsonSerializer.SerializeToElement(new EventData(sentAt, Text), EventDataContext.Default.EventData);
            events[i] = new UserEvent(UserEventTypes.AgentLog, data, "th_bench", "run_bench", "bench", now);
        }

        return _stream.OnNextBatchAsync(events);
    }
}

/// <summary>The data of a benchmark event: when the driver emitted it, and a line of text.</summary>
public sealed record EventData([property: JsonPropertyName("sent_at")] long SentAt, [property: JsonPropertyName("text")] string Text);

/// <summary>Source-generated JSON for <see cref="EventData"/>, as a careful grain would use.</summary>
[JsonSerializable(typeof(EventData))]
internal sealed partial class EventDataContext : JsonSerializerContext;
