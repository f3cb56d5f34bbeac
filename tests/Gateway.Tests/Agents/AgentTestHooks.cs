using System.Collections.Concurrent;
using Netra.Grains.Agents;

namespace Netra.Gateway.Tests.Agents;

/// <summary>
/// A hook the tests steer: it counts attempts per run and agent (across every silo of the test process), can fail
/// the first attempts of an agent, and can hold an agent until released or cancelled. Runs are told apart by the
/// text of their message, which the tests make unique.
/// </summary>
public sealed class AgentTestHooks : IAgentHook
{
    private static readonly ConcurrentDictionary<(string Run, string Agent), int> s_attempts = new();
    private static readonly ConcurrentDictionary<string, Script> s_scripts = new();

    /// <summary>Steers runs whose id is <paramref name="runId"/>.</summary>
    public static void Steer(string runId, Script script) => s_scripts[runId] = script;

    /// <summary>How many attempts <paramref name="agent"/> of <paramref name="runId"/> has started.</summary>
    public static int Attempts(string runId, string agent) => s_attempts.GetValueOrDefault((runId, agent));

    public async ValueTask BeforeAgentAsync(AgentStepContext context, CancellationToken cancellationToken)
    {
        s_attempts.AddOrUpdate((context.RunId, context.Agent), 1, (_, n) => n + 1);
        if (!s_scripts.TryGetValue(context.RunId, out var script))
        {
            return;
        }

        if (script.FailAgent == context.Agent && context.Attempt <= script.Failures)
        {
            throw new TimeoutException($"injected failure {context.Attempt} of {context.Agent}");
        }

        if (script.HoldAgent == context.Agent)
        {
            script.Held.TrySetResult();
            await script.Release.Task.WaitAsync(cancellationToken);
        }
    }

    public ValueTask AfterAgentAsync(AgentStepContext context, AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnErrorAsync(AgentStepContext context, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnRetryAsync(AgentStepContext context, Exception exception, TimeSpan delay, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>What to do to one run: fail an agent's first attempts, or hold an agent until released.</summary>
    public sealed class Script
    {
        public string? FailAgent { get; init; }

        public int Failures { get; init; }

        public string? HoldAgent { get; init; }

        /// <summary>Completes when the held agent is reached.</summary>
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Complete it to let the held agent go on.</summary>
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
