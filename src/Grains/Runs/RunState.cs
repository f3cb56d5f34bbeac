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

    /// <summary>The steps taken so far; also where a reactivated run resumes.</summary>
    public List<RunStep> Steps { get; init; } = [];

    /// <summary>The report, once completed.</summary>
    public string? Report { get; init; }

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>The stream sequence number of its first event.</summary>
    public long FirstSeq { get; init; }

    /// <summary>The stream sequence number of its latest event.</summary>
    public long LastSeq { get; init; }
}

/// <summary>The stored state of a thread's run queue.</summary>
public sealed record ThreadRunsState
{
    /// <summary>The run executing now, if any.</summary>
    public string? ActiveRunId { get; init; }

    /// <summary>Runs waiting, oldest first.</summary>
    public List<string> Queued { get; init; } = [];
}

/// <summary>How runs execute, bound from <c>Netra:Runs</c>.</summary>
public sealed class RunOptions
{
    /// <summary>The pause between the minimal supervisor's steps, so a run is observable (and cancellable) as it goes.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(150);
}
