namespace Netra.Grains.Agents;

/// <summary>How the pipeline runs, bound from <c>Netra:Agents</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Netra:Agents";

    /// <summary>Attempts per step, the first included, before the run fails. The default is 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's backoff; each later one doubles, with up to 50% jitter. The default is 200 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one attempt of one step may take. The default is 2 minutes.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many tools one sub-agent runs at once. The default is 4.</summary>
    public int MaxParallelTools { get; set; } = 4;

    /// <summary>How often each silo checks that runs under way have a live supervisor. The default is 5 seconds.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Hooks around each sub-agent step, registered in DI: <c>before_agent</c>, <c>after_agent</c>, <c>on_error</c> and
/// <c>on_retry</c>. A hook that throws from <see cref="BeforeAgentAsync"/> fails that attempt (and so can be retried).
/// </summary>
public interface IAgentHook
{
    /// <summary>Before an attempt of a step.</summary>
    ValueTask BeforeAgentAsync(AgentStepContext context, CancellationToken cancellationToken);

    /// <summary>After a step succeeded.</summary>
    ValueTask AfterAgentAsync(AgentStepContext context, AgentOutcome outcome, CancellationToken cancellationToken);

    /// <summary>When an attempt failed and no attempt is left.</summary>
    ValueTask OnErrorAsync(AgentStepContext context, Exception exception, CancellationToken cancellationToken);

    /// <summary>When an attempt failed and another follows after <paramref name="delay"/>.</summary>
    ValueTask OnRetryAsync(AgentStepContext context, Exception exception, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Which step of which run, and which attempt.</summary>
public sealed record AgentStepContext(string RunId, string UserId, string Agent, int Attempt);
