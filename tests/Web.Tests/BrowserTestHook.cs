using Netra.Grains.Agents;

namespace Netra.Web.Tests;

/// <summary>
/// Makes runs the browser tests can act on, chosen by the user's name: a <c>hold-</c> user's runs wait at the
/// reporting step until they are stopped; a <c>slow-</c> user's steps each take a little longer, so events keep
/// coming while a test drops the connection. Everyone else's runs are untouched.
/// </summary>
public sealed class BrowserTestHook : IAgentHook
{
    /// <summary>How long each step of a <c>slow-</c> user waits before it runs.</summary>
    public static readonly TimeSpan SlowStep = TimeSpan.FromMilliseconds(700);

    public async ValueTask BeforeAgentAsync(AgentStepContext context, CancellationToken cancellationToken)
    {
        if (context.UserId.StartsWith("hold-", StringComparison.Ordinal) && context.Agent == AgentNames.Reporting)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        else if (context.UserId.StartsWith("slow-", StringComparison.Ordinal))
        {
            await Task.Delay(SlowStep, cancellationToken);
        }
    }

    public ValueTask AfterAgentAsync(AgentStepContext context, AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnErrorAsync(AgentStepContext context, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnRetryAsync(AgentStepContext context, Exception exception, TimeSpan delay, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
