namespace Netra.Grains.Health;

/// <summary>The outcome of one health probe.</summary>
/// <param name="Probes">How many probes this grain has answered since its state was created.</param>
/// <param name="StorageRoundTripMs">How long the state write took, in milliseconds.</param>
/// <param name="CheckedAt">When the probe ran.</param>
/// <param name="Silo">The name of the silo that answered (<c>Netra:Silo:Name</c>), so a caller sees where the grain lives.</param>
public sealed record HealthProbeReport(long Probes, double StorageRoundTripMs, DateTimeOffset CheckedAt, string Silo);
