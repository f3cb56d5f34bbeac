using Netra.Grains.Runs;
using Netra.Runtime;

namespace Netra.Grains.Agents;

/// <summary>The agents' names, as events carry them in <c>metadata.agent_name</c>.</summary>
public static class AgentNames
{
    /// <summary>The supervisor, which runs the pipeline.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Reads the request: intent, parameters, targets, and which steps and tools run.</summary>
    public const string Triage = "triage";

    /// <summary>Profiles the workload.</summary>
    public const string Data = "data";

    /// <summary>Fans out the relevant analysis tools.</summary>
    public const string Optimizations = "optimizations";

    /// <summary>Turns results into ordered actions tied to their evidence.</summary>
    public const string Actions = "actions";

    /// <summary>Writes the report and the structured result.</summary>
    public const string Reporting = "reporting";

    /// <summary>The pipeline's full order.</summary>
    public static readonly IReadOnlyList<string> Pipeline = [Triage, Data, Optimizations, Actions, Reporting];
}

/// <summary>What a sub-agent is asked to do: the run, and everything earlier steps produced.</summary>
/// <param name="RunId">The run.</param>
/// <param name="UserId">Whose data.</param>
/// <param name="ThreadId">The thread.</param>
/// <param name="Message">The user's message.</param>
/// <param name="Outputs">Earlier steps' outputs, by agent name, as JSON.</param>
public sealed record AgentTask(string RunId, string UserId, string ThreadId, string Message, Dictionary<string, string> Outputs);

/// <summary>What a sub-agent produced.</summary>
/// <param name="Agent">Which agent.</param>
/// <param name="OutputJson">Its structured output.</param>
/// <param name="Summary">One sentence for the user.</param>
public sealed record AgentOutcome(string Agent, string OutputJson, string Summary);

/// <summary>A run event to record and publish once, whatever retries or resumes happen.</summary>
/// <param name="Key">Unique within the run; an event whose key was already published is not published again.</param>
/// <param name="Type">The event type (<see cref="Events.UserEventTypes"/>).</param>
/// <param name="Agent">The agent that emits it.</param>
/// <param name="DataJson">The event's data object.</param>
public sealed record RunEvent(string Key, string Type, string Agent, string DataJson);

/// <summary>One run's pipeline owner, keyed by run id. Its progress persists, so a run resumes on another silo after a crash.</summary>
public interface ISupervisorGrain : IGrainWithStringKey
{
    /// <summary>Cancels the pipeline: in-flight sub-agents and tools are cancelled.</summary>
    [AlwaysInterleave]
    Task CancelAsync();

    /// <summary>
    /// Starts the pipeline for <paramref name="request"/> and returns once it is under way; or, when the supervisor
    /// already holds the request, only makes sure the run is under way: activating the supervisor resumes an
    /// interrupted run from its last completed step. Interleaves, so the watchdog's poke never waits behind a
    /// pipeline that calls back into the run (safe: the request is set before the first await). The pipeline's spans
    /// go under <paramref name="traceParent"/>, the run's own trace, whoever makes the call.
    /// </summary>
    [AlwaysInterleave]
    Task EnsureStartedAsync(RunRequest request, string? traceParent);
}

/// <summary>The Triage sub-agent of one run (keyed by run id).</summary>
public interface ITriageAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs the step, or returns its recorded outcome if it already completed.</summary>
    [ResponseTimeout("00:10:00")]
    Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken);
}

/// <summary>The Data sub-agent of one run (keyed by run id).</summary>
public interface IDataAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs the step, or returns its recorded outcome if it already completed.</summary>
    [ResponseTimeout("00:10:00")]
    Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken);
}

/// <summary>The Optimizations sub-agent of one run (keyed by run id).</summary>
public interface IOptimizationsAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs the step, or returns its recorded outcome if it already completed.</summary>
    [ResponseTimeout("00:10:00")]
    Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken);
}

/// <summary>The ActionsToMeetGoals sub-agent of one run (keyed by run id).</summary>
public interface IActionsAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs the step, or returns its recorded outcome if it already completed.</summary>
    [ResponseTimeout("00:10:00")]
    Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken);
}

/// <summary>The Reporting sub-agent of one run (keyed by run id).</summary>
public interface IReportingAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs the step, or returns its recorded outcome if it already completed.</summary>
    [ResponseTimeout("00:10:00")]
    Task<AgentOutcome> ExecuteAsync(AgentTask task, CancellationToken cancellationToken);
}

/// <summary>
/// One shard of the cluster's list of runs under way (key <c>0</c>…<c>15</c>, by run id). Each silo's watchdog reads
/// the shards and pokes every listed supervisor, so a run whose silo died resumes elsewhere.
/// </summary>
public interface IActiveRunsGrain : IGrainWithStringKey
{
    /// <summary>The shard count.</summary>
    const int Shards = 16;

    /// <summary>Lists <paramref name="runId"/> as under way.</summary>
    Task AddAsync(string runId);

    /// <summary>Removes <paramref name="runId"/>.</summary>
    Task RemoveAsync(string runId);

    /// <summary>The runs under way in this shard.</summary>
    Task<List<string>> ListAsync();
}
