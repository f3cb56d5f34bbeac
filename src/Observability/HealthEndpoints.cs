using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Netra.Observability;

/// <summary>
/// Liveness at <c>/health</c> (no dependency is checked: a process that answers is alive) and readiness at
/// <c>/health/ready</c> (every check tagged <see cref="ReadyTag"/>; 503 naming the failing one), in gateways and silos alike.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of checks that readiness runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Maps both endpoints, without authentication (probes do not sign in).</summary>
    public static IEndpointRouteBuilder MapNetraHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            duration_ms = report.TotalDuration.TotalMilliseconds,
            failing,
            dependencies = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString().ToLowerInvariant(),
                    description = entry.Value.Description,
                    duration_ms = entry.Value.Duration.TotalMilliseconds,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
