using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// Counts grain and observer requests by interface and method while <see cref="On"/>, by listening to the runtime's
/// activity source (each request then runs in a span, which costs time: exploring only, never in a recorded run).
/// </summary>
internal sealed class GrainCallCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

    public GrainCallCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Netra.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity =>
            {
                if (On)
                {
                    _calls.AddOrUpdate(activity.OperationName, 1, (_, n) => n + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public volatile bool On;

    public void Clear() => _calls.Clear();

    /// <summary>Requests per event of each method, the most frequent first.</summary>
    public string PerEvent(long events) => string.Join(", ", _calls.OrderByDescending(p => p.Value)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {(double)p.Value / Math.Max(1, events):F3}")));

    public void Dispose() => _listener.Dispose();
}
