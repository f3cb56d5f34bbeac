using System.Text.Json;
using Netra.Runtime.Streams;

namespace Netra.Grains.Events;

/// <summary>
/// One event of a user's stream <c>user/{userId}</c>: what the WebSocket sends as an envelope
/// (<c>{type, data, metadata}</c>). The stream gives it its per-user <c>seq</c>.
/// </summary>
/// <param name="Type">The event type, one of <see cref="UserEventTypes"/>.</param>
/// <param name="Data">The event's data object.</param>
/// <param name="ThreadId">The thread the event belongs to, if any.</param>
/// <param name="RunId">The run the event belongs to, if any.</param>
/// <param name="AgentName">The agent that emitted it, such as <c>supervisor</c> or <c>optimizations</c>.</param>
/// <param name="Timestamp">When it was emitted.</param>
/// <param name="Key">The run's key for the event, so a run that resumes after a crash publishes it once; not sent to clients.</param>
public sealed record UserEvent(string Type, JsonElement Data, string? ThreadId, string? RunId, string? AgentName, DateTimeOffset Timestamp, string? Key = null);

/// <summary>The event types of ../shared/PROTOCOL.md that travel on a user's stream.</summary>
public static class UserEventTypes
{
    /// <summary>A run started.</summary>
    public const string AgentStarted = "agent_started";

    /// <summary>An agent is reasoning.</summary>
    public const string AgentThinking = "agent_thinking";

    /// <summary>A sub-agent started, completed, failed or is retrying (<c>data.status</c>).</summary>
    public const string SubAgentUpdate = "sub_agent_update";

    /// <summary>A tool call started.</summary>
    public const string ToolExecuting = "tool_executing";

    /// <summary>A tool call finished, with <c>data.result</c> and <c>data.duration_ms</c>.</summary>
    public const string ToolCompleted = "tool_completed";

    /// <summary>A log line from an agent.</summary>
    public const string AgentLog = "agent_log";

    /// <summary>A run finished, with <c>data.report</c> and <c>data.result</c>.</summary>
    public const string AgentCompleted = "agent_completed";

    /// <summary>A run failed or was cancelled.</summary>
    public const string AgentError = "agent_error";
}

/// <summary>The per-user stream.</summary>
public static class UserStreams
{
    /// <summary>The namespace of per-user streams.</summary>
    public const string Namespace = "user";

    /// <summary>The stream of <paramref name="userId"/>'s events, <c>user/{userId}</c>.</summary>
    public static StreamId For(string userId) => new(Namespace, userId);
}
