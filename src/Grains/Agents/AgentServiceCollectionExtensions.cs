using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Netra.Grains.Agents;

/// <summary>Adds what the agent grains need to a silo.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AgentOptions"/> (from <see cref="AgentOptions.Section"/>), the built-in logging hook, and the
    /// watchdog that resumes runs whose silo died. Further <see cref="IAgentHook"/>s may be added as singletons.
    /// </summary>
    public static IServiceCollection AddNetraAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AgentOptions>(configuration.GetSection(AgentOptions.Section));
        services.AddSingleton<IAgentHook, LoggingAgentHook>();
        services.AddHostedService<RunWatchdog>();
        return services;
    }
}
