using Netra.Observability;

namespace Netra.Gateway.Health;

/// <summary>Liveness at /health, readiness at /health/ready with the state of each dependency.</summary>
public static class HealthApi
{
    /// <summary>The tag of checks that readiness runs.</summary>
    public const string ReadyTag = HealthEndpoints.ReadyTag;

    public static IServiceCollection AddNetraHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<StreamsHealthCheck>("streams", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints) => endpoints.MapNetraHealth();
}
