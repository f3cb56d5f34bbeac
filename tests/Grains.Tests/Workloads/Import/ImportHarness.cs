using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Ingestion;
using Netra.Grains.Workloads.Ingestion.Import;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Import;

/// <summary>The real import path (parsers, batching, pricing) into an embedded store, for one test.</summary>
internal sealed class ImportHarness(IWorkloadStore store)
{
    public const string User = "alice";

    public ImportHarness(int maxEventsPerUser = 1_000_000)
        : this(new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions { MaxEventsPerUser = maxEventsPerUser })))
    {
    }

    public IWorkloadStore Store => store;

    public WorkloadIngestion Ingestion { get; } = new(store, ModelCatalog.Default, NullLogger<WorkloadIngestion>.Instance);

    public static TraceImportSettings Settings(string format, string? model = null, string? dataset = null, string? blockSize = null, string? start = null)
    {
        Assert.Null(TraceImportSettings.TryCreate(format, model, dataset, blockSize, start, out var settings));
        return settings!;
    }

    public Task<ImportResult> ImportAsync(string body, TraceImportSettings settings) =>
        ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), settings);

    public Task<ImportResult> ImportAsync(Stream body, TraceImportSettings settings) =>
        Ingestion.ImportAsync(User, body, settings, CancellationToken.None);

    public async Task<List<WorkloadEvent>> StoredAsync() =>
        await EmbeddedWorkloadStoreTests.ToListAsync(store.ReadAsync(User, WorkloadFilter.All, CancellationToken.None));
}

/// <summary>A stream that hands out at most <paramref name="chunk"/> bytes a read, to cross every buffer boundary.</summary>
internal sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
}
