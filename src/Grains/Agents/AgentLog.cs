using Microsoft.Extensions.Logging;

namespace Netra.Grains.Agents;

/// <summary>The agents' log messages, event ids 9200–9299.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(9200, LogLevel.Information, "Run {RunId} resumes with {Completed} steps already completed.")]
    public static partial void Resuming(ILogger logger, string runId, int completed);

    [LoggerMessage(9201, LogLevel.Warning, "Run {RunId} failed.")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(9202, LogLevel.Information, "Run {RunId}: {Agent} attempt {Attempt} starts.")]
    public static partial void StepStarting(ILogger logger, string runId, string agent, int attempt);

    [LoggerMessage(9203, LogLevel.Information, "Run {RunId}: {Agent} completed: {Summary}")]
    public static partial void StepCompleted(ILogger logger, string runId, string agent, string summary);

    [LoggerMessage(9204, LogLevel.Warning, "Run {RunId}: {Agent} attempt {Attempt} failed; retrying in {Delay}.")]
    public static partial void StepRetrying(ILogger logger, Exception exception, string runId, string agent, int attempt, TimeSpan delay);

    [LoggerMessage(9205, LogLevel.Error, "Run {RunId}: {Agent} failed after {Attempt} attempts.")]
    public static partial void StepFailed(ILogger logger, Exception exception, string runId, string agent, int attempt);

    [LoggerMessage(9206, LogLevel.Warning, "The run watchdog could not check the runs under way; it tries again.")]
    public static partial void WatchdogFailed(ILogger logger, Exception exception);
}

/// <summary>The built-in hook: logs every step's start, completion, retries and failure.</summary>
internal sealed class LoggingAgentHook(ILogger<LoggingAgentHook> logger) : IAgentHook
{
    public ValueTask BeforeAgentAsync(AgentStepContext context, CancellationToken cancellationToken)
    {
        AgentLog.StepStarting(logger, context.RunId, context.Agent, context.Attempt);
        return ValueTask.CompletedTask;
    }

    public ValueTask AfterAgentAsync(AgentStepContext context, AgentOutcome outcome, CancellationToken cancellationToken)
    {
        AgentLog.StepCompleted(logger, context.RunId, context.Agent, outcome.Summary);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnErrorAsync(AgentStepContext context, Exception exception, CancellationToken cancellationToken)
    {
        AgentLog.StepFailed(logger, exception, context.RunId, context.Agent, context.Attempt);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnRetryAsync(AgentStepContext context, Exception exception, TimeSpan delay, CancellationToken cancellationToken)
    {
        AgentLog.StepRetrying(logger, exception, context.RunId, context.Agent, context.Attempt, delay);
        return ValueTask.CompletedTask;
    }
}
