using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netra.Grains.Health;
using Netra.Runtime;

namespace Netra.Gateway.Health;

/// <summary>Ready when a grain call through the silo writes grain state and answers within the check's time.</summary>
internal sealed class SiloHealthCheck(IClusterClient client, ILogger<SiloHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            var report = await client.GetGrain<IHealthProbeGrain>(Environment.MachineName).ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy($"grain call and state write took {report.StorageRoundTripMs:F1} ms");
        }
        catch (Exception exception)
        {
            GatewayLog.SiloProbeFailed(logger, exception);
            return HealthCheckResult.Unhealthy($"the silo did not answer a grain call that writes state: {exception.GetType().Name}");
        }
    }
}
