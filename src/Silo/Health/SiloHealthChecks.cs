using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netra.Grains.Health;
using Netra.Observability;
using Netra.Runtime;
using Netra.Runtime.Cluster.Membership;

namespace Netra.Silo.Health;

/// <summary>The silo's readiness: it is an active member of its cluster, and a grain call that writes state answers.</summary>
public static class SiloHealthChecks
{
    /// <summary>Adds the checks, tagged for readiness.</summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<GrainStorageHealthCheck>("grains", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}

/// <summary>Ready when this silo's own membership row says Active and the cluster has not declared it dead; always ready outside cluster mode.</summary>
internal sealed class MembershipHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<MembershipService>() is not { } membership)
        {
            return Task.FromResult(HealthCheckResult.Healthy("not clustered: one silo in this process"));
        }

        var snapshot = membership.Snapshot;
        var status = membership.Silo is { } self ? snapshot.Find(self)?.Status : null;
        return Task.FromResult(status == SiloStatus.Active && !membership.IsDeclaredDead
            ? HealthCheckResult.Healthy($"active, {snapshot.ActiveSilos.Count} active silos")
            : HealthCheckResult.Unhealthy(membership.IsDeclaredDead ? "declared dead by the cluster" : $"not active: {status?.ToString() ?? "not joined"}"));
    }
}

/// <summary>Ready when a grain call that writes grain state answers within 5 s.</summary>
internal sealed class GrainStorageHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var report = await grains.GetGrain<IHealthProbeGrain>($"silo-{Environment.MachineName}-{Environment.ProcessId}").ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy($"grain call and state write took {report.StorageRoundTripMs:F1} ms");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"a grain call that writes state failed: {exception.GetType().Name}");
        }
    }
}
