namespace Netra.Grains.Health;

/// <summary>The stored state of a health probe grain.</summary>
public sealed record HealthProbeState
{
    /// <summary>Probes answered.</summary>
    public long Probes { get; init; }

    /// <summary>When the last probe ran.</summary>
    public DateTimeOffset LastProbeAt { get; init; }
}
