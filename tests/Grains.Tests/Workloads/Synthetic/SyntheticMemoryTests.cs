using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.Demo;

namespace Netra.Grains.Tests.Workloads.Synthetic;

/// <summary>
/// The generator's memory bound. It measures the whole process's live heap, so it runs in the collection that runs
/// alone (<see cref="Import.LargeImportTests"/>): other tests' data would count against it otherwise.
/// </summary>
[Collection(nameof(Import.LargeImportTests))]
public sealed class SyntheticMemoryTests
{
    [Fact]
    public void A_million_events_stream_while_the_live_heap_stays_flat()
    {
        var settings = new SyntheticWorkloadSettings(Sample.T0, Days: 365, RequestsPerDay: 1_000_000, Dataset: "bench");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long count = 0;
        long peak = 0;
        foreach (var e in SyntheticWorkload.Generate(settings, ModelCatalog.Default).Take(1_000_000))
        {
            if (++count % 250_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
            }
        }

        // A million of the ten million a benchmark would take: the live heap stays flat while the stream runs.
        Assert.Equal(1_000_000, count);
        Assert.InRange(peak, long.MinValue, 64L * 1024 * 1024);
    }
}
