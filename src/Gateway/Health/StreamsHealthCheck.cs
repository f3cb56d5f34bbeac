using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Netra.Runtime.Streams;

namespace Netra.Gateway.Health;

/// <summary>Ready when a read of a stream's log (memory or PostgreSQL) through its stream grain answers in time.</summary>
internal sealed class StreamsHealthCheck(IStreamProvider streams, ILogger<StreamsHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly StreamId s_probe = new("netra.health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            var clock = Stopwatch.StartNew();
            await streams.GetStream<string>(s_probe).ReadAsync(long.MaxValue - 1, 1, timeout.Token);
            return HealthCheckResult.Healthy($"a stream log read took {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
        catch (Exception exception)
        {
            GatewayLog.StreamsProbeFailed(logger, exception);
            return HealthCheckResult.Unhealthy($"the stream log did not answer a read: {exception.GetType().Name}");
        }
    }
}
