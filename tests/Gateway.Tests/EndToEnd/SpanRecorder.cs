using System.Collections.Concurrent;
using System.Diagnostics;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>
/// Records every span that ends in this process from sources whose name starts with one of the given prefixes, as
/// an OpenTelemetry tracer would see them. Tests share the process, so read spans by trace id or run id.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    /// <summary>The attribute that names the run on the spans of a run's own work.</summary>
    public const string RunId = "netra.run.id";

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sourcePrefixes)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sourcePrefixes.Any(p => source.Name.StartsWith(p, StringComparison.Ordinal)),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>The ended spans of <paramref name="trace"/>.</summary>
    public IReadOnlyList<Activity> InTrace(ActivityTraceId trace) => [.. _stopped.Where(a => a.TraceId == trace)];

    /// <summary>The ended spans that carry <see cref="RunId"/> = <paramref name="runId"/>.</summary>
    public IReadOnlyList<Activity> OfRun(string runId) => [.. _stopped.Where(a => a.GetTagItem(RunId) as string == runId)];

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeoutMs"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeoutMs} ms for {what}.");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => _listener.Dispose();
}
