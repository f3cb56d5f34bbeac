using Netra.Grains.Runs;

namespace Netra.Grains.Agents;

/// <summary>The stored progress of a run's pipeline: enough to resume it on another silo from its last completed step.</summary>
public sealed record SupervisorState
{
    /// <summary>The run, or null before it started.</summary>
    public RunRequest? Request { get; init; }

    /// <summary>running, completed, failed or cancelled.</summary>
    public string Status { get; init; } = RunStatus.Queued;

    /// <summary>The completed steps' outputs, by agent name.</summary>
    public Dictionary<string, string> Outputs { get; init; } = [];

    /// <summary>
    /// The W3C traceparent the run's start came with (in the trace of the request that submitted the run); every
    /// execution of the pipeline, a resumed one on another silo too, starts its span under it.
    /// </summary>
    public string? TraceParent { get; init; }
}

/// <summary>A step failed for good: no retry can help (for example, the request cannot be answered).</summary>
public sealed class AgentFailureException(string code, string message) : Exception(message)
{
    /// <summary>A stable code for the <c>agent_error</c> event.</summary>
    public string Code { get; } = code;
}
