using Netra.Runtime;

namespace Netra.Grains.Health;

/// <summary>
/// Proves, for readiness checks, that a silo takes grain calls and that its grain storage reads and writes.
/// One probe per silo name, so each host checks the path it depends on.
/// </summary>
public interface IHealthProbeGrain : IGrainWithStringKey
{
    /// <summary>Writes the probe's state and reads it back; the report says how long that took.</summary>
    Task<HealthProbeReport> ProbeAsync(CancellationToken cancellationToken);
}
