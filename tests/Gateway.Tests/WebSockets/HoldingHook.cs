using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Agents;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>Holds every run at its data step until the run is cancelled, so a test can act on a run that stays active.</summary>
public sealed class HoldingHook : IAgentHook
{
    /// <summary>Adds the hook to a gateway's embedded silo.</summary>
    public static void Add(IServiceCollection services) => services.AddSingleton<IAgentHook, HoldingHook>();

    public async ValueTask BeforeAgentAsync(AgentStepContext context, CancellationToken cancellationToken)
    {
        if (context.Agent == AgentNames.Reporting)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    public ValueTask AfterAgentAsync(AgentStepContext context, AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnErrorAsync(AgentStepContext context, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnRetryAsync(AgentStepContext context, Exception exception, TimeSpan delay, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
