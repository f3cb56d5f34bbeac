using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// Which types this process allocates, sampled by the runtime's <c>GCAllocationTick</c> event (one event per about
/// 100 KB allocated, naming the type of the object that crossed the mark), while <see cref="On"/>: a cheap
/// allocation profile of a measured window, to say where the bytes per event go.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public volatile bool On;

    /// <summary>Forgets what was sampled so far.</summary>
    public void Clear() => _bytes.Clear();

    /// <summary>The types with the largest sampled shares, as "share% type" pairs.</summary>
    public string Top(int count)
    {
        var total = (double)Math.Max(1, _bytes.Values.Sum());
        return string.Join(", ", _bytes.OrderByDescending(p => p.Value).Take(count)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value / total:P0} {Shorten(p.Key)}")));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!On || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    private static string Shorten(string type)
    {
        var generic = type.IndexOf('[', StringComparison.Ordinal);
        var head = generic > 0 ? type[..generic] : type;
        var dot = head.LastIndexOf('.');
        return (dot >= 0 ? head[(dot + 1)..] : head) + (generic > 0 ? type[generic..].Replace("System.", "", StringComparison.Ordinal) : "");
    }
}
