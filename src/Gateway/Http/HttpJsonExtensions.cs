using System.Text.Json;

namespace Netra.Gateway.Http;

/// <summary>How the HTTP API reads and writes JSON.</summary>
public static class HttpJsonExtensions
{
    /// <summary>
    /// Makes the API's JSON snake_case (<c>created_at</c>), and turns bodies that cannot be bound into problem details
    /// with a stable code (<c>invalid_json</c>) rather than a bare 400; an unreachable workload store becomes a 503
    /// <c>workload_store_unavailable</c>.
    /// </summary>
    public static IServiceCollection AddNetraHttpJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        // Binding failures throw, so BadRequestExceptionHandler can describe them; otherwise they are a bodiless 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<WorkloadStoreUnavailableExceptionHandler>(); // 503 workload_store_unavailable
        return services;
    }
}
