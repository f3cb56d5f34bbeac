using System.Collections.Concurrent;
using Netra.Grains.Llm;
using Netra.Grains.Workloads;

namespace Netra.Gateway.Tests.Llm;

/// <summary>A usage sink that keeps every event in memory, for assertions.</summary>
public sealed class RecordingUsageSink : ILlmUsageSink
{
    private readonly ConcurrentQueue<(string UserId, WorkloadEvent Usage)> _events = new();

    /// <summary>Every event so far, with the user it was recorded for.</summary>
    public IReadOnlyList<(string UserId, WorkloadEvent Usage)> Events => [.. _events];

    public ValueTask RecordAsync(string userId, WorkloadEvent usage, CancellationToken cancellationToken)
    {
        _events.Enqueue((userId, usage));
        return ValueTask.CompletedTask;
    }
}
