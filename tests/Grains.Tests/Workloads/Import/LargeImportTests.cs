using System.Globalization;
using System.Text;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Ingestion.Import;
using Netra.Grains.Workloads.Query;
using Xunit.Abstractions;

namespace Netra.Grains.Tests.Workloads.Import;

/// <summary>
/// Imports far larger than memory should allow if anything held the file or its events whole: a body generated on the fly
/// into a store that only counts. The live managed heap would
/// grow with the file if the body or the events were kept. Every tenth batch the store forces a full collection and
/// records the live heap (<see cref="GC.GetTotalMemory"/>); the bound is on its growth over the baseline.
/// </summary>
[Collection(nameof(LargeImportTests))]
public sealed class LargeImportTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_200_MB_azure_csv_imports_in_bounded_memory()
    {
        var store = new CountingStore();
        var body = new GeneratedStream(CsvRows(200 * MiB));

        var result = await new ImportHarness(store).ImportAsync(body, ImportHarness.Settings(TraceFormats.AzureCsv, model: "gpt-4o-mini"));

        output.WriteLine($"{body.BytesRead / MiB} MiB, {result.Accepted} events, peak heap {store.PeakHeapBytes / MiB} MiB over a baseline of {store.BaselineBytes / MiB} MiB");
        Assert.True(body.BytesRead >= 200 * MiB);
        Assert.Equal((store.Events, 0L), (result.Accepted, result.Rejected));
        Assert.True(result.Accepted > 5_000_000);
        Assert.InRange(store.PeakHeapBytes - store.BaselineBytes, long.MinValue, 32 * MiB);
    }

    [Fact]
    public async Task A_64_MB_otlp_json_document_imports_in_bounded_memory()
    {
        var store = new CountingStore();
        var body = new GeneratedStream(OtlpDocument(64 * MiB));

        var result = await new ImportHarness(store).ImportAsync(body, ImportHarness.Settings(TraceFormats.OtlpJson));

        output.WriteLine($"{body.BytesRead / MiB} MiB, {result.Accepted} events, peak heap {store.PeakHeapBytes / MiB} MiB over a baseline of {store.BaselineBytes / MiB} MiB");
        Assert.Equal((store.Events, 0L, 0L), (result.Accepted, result.Rejected, result.Skipped));
        Assert.True(result.Accepted > 100_000);
        Assert.InRange(store.PeakHeapBytes - store.BaselineBytes, long.MinValue, 32 * MiB);
    }

    private static IEnumerable<byte[]> CsvRows(long bytes)
    {
        yield return "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"u8.ToArray();
        var start = new DateTime(2023, 11, 16, 18, 0, 0, DateTimeKind.Utc);
        for (long written = 0, i = 0; written < bytes; i++)
        {
            var row = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{start.AddTicks(i * 1_000):yyyy-MM-dd HH:mm:ss.fffffff},{i % 5_000},{i % 700}\r\n"));
            written += row.Length;
            yield return row;
        }
    }

    private static IEnumerable<byte[]> OtlpDocument(long bytes)
    {
        yield return Encoding.UTF8.GetBytes(OtlpSamples.Export("big").Split("\n]}]}]}")[0].TrimEnd());
        for (long written = 0, i = 0; written < bytes; i++)
        {
            var span = Encoding.UTF8.GetBytes((i == 0 ? "\n" : ",\n") + OtlpSamples.Chat(i, input: i % 9_000));
            written += span.Length;
            yield return span;
        }

        yield return "\n]}]}]}\n"u8.ToArray();
    }

    /// <summary>A store that keeps nothing: it counts events and samples the live heap every tenth batch.</summary>
    private sealed class CountingStore : IWorkloadStore
    {
        private int _batches;

        public long BaselineBytes { get; } = GC.GetTotalMemory(forceFullCollection: true);

        public long Events { get; private set; }

        public long PeakHeapBytes { get; private set; }

        public Task<int> AppendAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken)
        {
            Events += events.Count;
            if (++_batches % 10 == 1)
            {
                PeakHeapBytes = Math.Max(PeakHeapBytes, GC.GetTotalMemory(forceFullCollection: true));
            }

            return Task.FromResult(events.Count);
        }

        public Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteDatasetAsync(string userId, string dataset, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<WorkloadQueryResult> QueryAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(string userId, WorkloadPeakQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

/// <summary>Runs the large imports alone, so other tests' live objects do not count against their memory bound.</summary>
[CollectionDefinition(nameof(LargeImportTests), DisableParallelization = true)]
public sealed class LargeImportCollection;
