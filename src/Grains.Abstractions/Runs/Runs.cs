namespace Netra.Grains.Runs;

/// <summary>The states of a run, as the API shows them.</summary>
public static class RunStatus
{
    /// <summary>Waiting behind another run of its thread.</summary>
    public const string Queued = "queued";

    /// <summary>Executing.</summary>
    public const string Running = "running";

    /// <summary>Finished with a report.</summary>
    public const string Completed = "completed";

    /// <summary>Finished with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by the user or interrupted by a newer run.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether <paramref name="status"/> is final.</summary>
    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}

/// <summary>What to do with a new run when its thread already has one active.</summary>
public static class MultitaskMode
{
    /// <summary>Refuse the new run.</summary>
    public const string Reject = "reject";

    /// <summary>Queue the new run behind the active one.</summary>
    public const string Enqueue = "enqueue";

    /// <summary>Cancel the active run and start the new one.</summary>
    public const string Interrupt = "interrupt";

    /// <summary>Whether <paramref name="mode"/> is one of the three.</summary>
    public static bool IsValid(string? mode) => mode is Reject or Enqueue or Interrupt;
}

/// <summary>A run to start: who asked, on which thread, with which message.</summary>
public sealed record RunRequest(string RunId, string UserId, string ThreadId, string Message, DateTimeOffset CreatedAt);

/// <summary>One step of a run: an agent and what it did.</summary>
public sealed record RunStep(string Agent, string Status, DateTimeOffset At);

/// <summary>A run as its owner sees it.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Message">The user's message that started it.</param>
/// <param name="Status">One of <see cref="RunStatus"/>.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="StartedAt">When it started executing.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Steps">What its agents did, in order.</param>
/// <param name="Report">The final report in markdown, once completed.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
/// <param name="FirstSeq">The user-stream sequence number of the run's first event, or 0 before it started.</param>
/// <param name="LastSeq">The sequence number of its latest event, or 0.</param>
/// <param name="ResultJson">The structured result (actions, goals, the data behind each chart) as JSON, once completed.</param>
public sealed record RunView(
    string RunId, string ThreadId, string Message, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, List<RunStep> Steps, string? Report, string? Error, long FirstSeq, long LastSeq, string? ResultJson = null);

/// <summary>The answer to a new run: accepted (started or queued), or refused because <paramref name="ActiveRunId"/> runs.</summary>
public sealed record SubmitResult(bool Accepted, string Status, string? ActiveRunId);

/// <summary>A published run event.</summary>
/// <param name="Key">Its key, unique within the run.</param>
/// <param name="Seq">Its sequence number in the user's stream.</param>
/// <param name="Type">Its type.</param>
/// <param name="Agent">The agent that emitted it.</param>
public sealed record RunEventRecord(string Key, long Seq, string Type, string Agent);
