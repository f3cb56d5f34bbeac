using System.Collections.Concurrent;

namespace Netra.Runtime.Tests.Support;

/// <summary>A silo service that lifecycle grains report to, so tests can see activations come and go.</summary>
public sealed class LifecycleRecorder
{
    private readonly ConcurrentQueue<(string Grain, string Event)> _events = new();

    public void Record(string grain, string lifecycleEvent) => _events.Enqueue((grain, lifecycleEvent));

    public IReadOnlyList<string> EventsOf(string grain) =>
        [.. _events.Where(e => e.Grain == grain).Select(e => e.Event)];

    public int Count(string grain, string lifecycleEvent) =>
        _events.Count(e => e.Grain == grain && e.Event == lifecycleEvent);
}
