namespace Netra.Grains.Workloads.Demo;

/// <summary>What <see cref="SyntheticWorkload"/> generates.</summary>
/// <param name="Start">The first day (its midnight, UTC).</param>
/// <param name="Days">How many days.</param>
/// <param name="RequestsPerDay">Mean new requests on a weekday before bursts and retries (weekends get 65%).</param>
/// <param name="Seed">The seed: the same settings and seed give the same events.</param>
/// <param name="Dataset">The dataset of every event.</param>
/// <param name="BackfillDay">The 0-based day of a night-time backfill of long documents on gpt-4o (a cost spike), if any.</param>
public sealed record SyntheticWorkloadSettings(
    DateTimeOffset Start,
    int Days = 14,
    double RequestsPerDay = 1_200,
    int Seed = DemoWorkloadGenerator.DefaultSeed,
    string Dataset = "synthetic",
    int? BackfillDay = null)
{
    /// <summary>New requests of the backfill.</summary>
    public const int BackfillRequests = 600;
}
