namespace Netra.Grains.Runs;

/// <summary>The stored state of a run.</summary>
public sealed record RunState
{
    /// <summary>What was asked, or null before <see cref="IRunGrain.InitializeAsync"/>.</summary>
    public RunRequest? Request { get; init; }

    /// <summary>One of <see cref="RunStatus"/>.</summary>
    public string Status { get; init; } = RunStatus.Queued;

    /// <summary>When it started executing.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The steps taken so far.</summary>
    public List<RunStep> Steps { get; init; } = [];

    /// <summary>The report, once completed.</summary>
    public string? Report { get; init; }

    /// <summary>The structured result, once completed.</summary>
    public string? ResultJson { get; init; }

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>The run's own events, in order, each with its user-stream sequence number.</summary>
    public List<RunEventRecord> Events { get; init; } = [];

    /// <summary>
    /// The key of an event whose append to the user stream was started but not yet recorded. After a crash the run
    /// looks for it in the stream before appending it again, so it is published once.
    /// </summary>
    public string? PendingKey { get; init; }

    /// <summary>
    /// The W3C traceparent of the request that submitted the run, or null if it came outside any trace. The run's
    /// later work starts its spans under it (see <see cref="RunTracing"/>), so the whole run is one trace.
    /// </summary>
    public string? TraceParent { get; init; }
}
