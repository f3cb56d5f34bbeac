using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Netra.Gateway.WebSockets;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Benchmarks.WebSockets;

/// <summary>The cost of one step of an event's path, measured alone on one thread.</summary>
public sealed record StepCost(string Step, double Nanoseconds, double AllocatedBytes);

/// <summary>
/// The JSON work an event goes through between a grain and a socket, each step alone in a loop on one thread:
/// what a frame costs before any grain call, stream hop or socket. The steps are the ones the code takes: the
/// producer builds the event's data as a <see cref="JsonElement"/>, <c>OnNextBatchAsync</c> serializes the event (the
/// stream log keeps bytes), the subscription deserializes it for the hub, and the hub writes the frame once for all
/// the user's connections.
/// </summary>
internal static class EventSteps
{
    /// <summary>The stream's JSON options: System.Text.Json's web defaults, as <c>StreamProvider.Json</c>.</summary>
    private static readonly JsonSerializerOptions s_streamJson = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<StepCost> Measure(int iterations)
    {
        var now = DateTimeOffset.UtcNow;
        var data = JsonSerializer.SerializeToElement(new EventData(Stopwatch.GetTimestamp(), EventProducerGrain.Text), EventDataContext.Default.EventData);
        var userEvent = new UserEvent(UserEventTypes.AgentLog, data, "th_bench", "run_bench", "bench", now);
        var payload = JsonSerializer.SerializeToUtf8Bytes(userEvent, s_streamJson);
        var item = new StreamItem<UserEvent>(42, userEvent, now);
        return
        [
            Step("producer: data to JsonElement, UserEvent", iterations, () => new UserEvent(
                UserEventTypes.AgentLog,
                JsonSerializer.SerializeToElement(new EventData(Stopwatch.GetTimestamp(), EventProducerGrain.Text), EventDataContext.Default.EventData),
                "th_bench", "run_bench", "bench", now)),
            Step("stream append: UserEvent to JSON bytes", iterations, () => JsonSerializer.SerializeToUtf8Bytes(userEvent, s_streamJson)),
            Step("subscription: JSON bytes to UserEvent", iterations, () => JsonSerializer.Deserialize<UserEvent>(payload, s_streamJson)),
            Step("hub: Frames.Event", iterations, () => Frames.Event(item)),
        ];
    }

    public static string Table(IReadOnlyList<StepCost> steps)
    {
        var text = new StringBuilder();
        text.AppendLine("| step (one thread, alone) | ns per event | bytes allocated per event |");
        text.AppendLine("|---|---:|---:|");
        foreach (var step in steps)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {step.Step} | {step.Nanoseconds:N0} | {step.AllocatedBytes:N0} |"));
        }

        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| all four | {steps.Sum(s => s.Nanoseconds):N0} | {steps.Sum(s => s.AllocatedBytes):N0} |"));
        return text.ToString();
    }

    private static StepCost Step(string name, int iterations, Func<object?> step)
    {
        for (var i = 0; i < Math.Min(iterations, 20_000); i++)
        {
            GC.KeepAlive(step()); // warm up to tier 1
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            GC.KeepAlive(step());
        }

        var elapsed = clock.Elapsed;
        return new StepCost(name, elapsed.TotalNanoseconds / iterations, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations);
    }
}
