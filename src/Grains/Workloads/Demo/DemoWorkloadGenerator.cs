using Netra.Grains.Catalog;

namespace Netra.Grains.Workloads.Demo;

/// <summary>
/// The demo dataset every user of the embedded default gets: <see cref="SyntheticWorkload"/> over <see cref="Days"/> days
/// at about 1,200 requests a weekday (about 20,000 events with bursts, retries and the backfill), five features of four
/// teams on nine catalog models, and a cost spike on day <see cref="SpikeDay"/>, when a night-time backfill summarizes
/// long documents on gpt-4o. The same seed and start give the same events.
/// </summary>
public static class DemoWorkloadGenerator
{
    /// <summary>The seed of the demo data every user gets.</summary>
    public const int DefaultSeed = 20_261_120;

    /// <summary>The days the workload spans.</summary>
    public const int Days = 14;

    /// <summary>The day (0-based) of the backfill's cost spike.</summary>
    public const int SpikeDay = 9;

    /// <summary>Generates the demo workload of the <see cref="Days"/> days from <paramref name="start"/> into dataset <paramref name="dataset"/>.</summary>
    public static IReadOnlyList<WorkloadEvent> Generate(
        DateTimeOffset start, ModelCatalog catalog, int seed = DefaultSeed, string dataset = WorkloadDatasets.Demo) =>
        [.. SyntheticWorkload.Generate(new SyntheticWorkloadSettings(start, Days, 1_200, seed, dataset, SpikeDay), catalog)];
}
