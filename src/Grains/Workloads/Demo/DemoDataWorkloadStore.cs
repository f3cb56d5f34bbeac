using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Demo;

/// <summary>
/// Gives every user the demo dataset on their first touch of the store, once per process: the embedded default's
/// "a demo workload for every new user". A user who deletes it does not get it back. The generated events are shared
/// by all users (they are immutable), so each user costs the store only references.
/// </summary>
public sealed class DemoDataWorkloadStore(
    IWorkloadStore inner, ModelCatalog catalog, IOptions<WorkloadOptions> options, TimeProvider time, ILogger<DemoDataWorkloadStore> logger)
    : IWorkloadStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _seeded = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();
    private (DateTimeOffset Start, IReadOnlyList<WorkloadEvent> Events)? _cache;

    /// <summary>The demo workload's first day: the configured one, or the 14 days that end at today's UTC midnight.</summary>
    public DateTimeOffset DemoStart =>
        options.Value.DemoStart ?? new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-DemoWorkloadGenerator.Days);

    /// <inheritdoc />
    public async Task<int> AppendAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        return await inner.AppendAsync(userId, events, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        return await inner.ListDatasetsAsync(userId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteDatasetAsync(string userId, string dataset, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        return await inner.DeleteDatasetAsync(userId, dataset, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WorkloadQueryResult> QueryAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        return await inner.QueryAsync(userId, query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(string userId, WorkloadPeakQuery query, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        return await inner.PeaksAsync(userId, query, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Once the user is seeded, the inner store's stream is handed out as it is, with no layer per event.</remarks>
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(userId, filter, prompts: true, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, bool prompts, CancellationToken cancellationToken) =>
        EnsureSeededAsync(userId).IsCompletedSuccessfully
            ? inner.ReadAsync(userId, filter, prompts, cancellationToken)
            : ReadAfterSeedingAsync(userId, filter, prompts, cancellationToken);

    private async IAsyncEnumerable<WorkloadEvent> ReadAfterSeedingAsync(
        string userId, WorkloadFilter filter, bool prompts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(userId);
        await foreach (var e in inner.ReadAsync(userId, filter, prompts, cancellationToken))
        {
            yield return e;
        }
    }

    private Task EnsureSeededAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _seeded.GetOrAdd(userId, id => new Lazy<Task>(() => SeedAsync(id))).Value;
    }

    private async Task SeedAsync(string userId)
    {
        try
        {
            var events = DemoEvents();
            // The embedded store keeps one copy of the demo data for all its users.
            var stored = inner is EmbeddedWorkloadStore embedded
                ? await embedded.AppendSharedAsync(userId, events, CancellationToken.None)
                : await inner.AppendAsync(userId, events, CancellationToken.None);
            WorkloadsLog.DemoSeeded(logger, userId, stored, WorkloadDatasets.Demo);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The user's own data must stay reachable even if the demo cannot be added; the log says why it is missing.
            WorkloadsLog.DemoSeedFailed(logger, userId, ex);
        }
    }

    private IReadOnlyList<WorkloadEvent> DemoEvents()
    {
        var start = DemoStart;
        lock (_cacheLock)
        {
            if (_cache is not { } cache || cache.Start != start)
            {
                cache = (start, DemoWorkloadGenerator.Generate(start, catalog));
                _cache = cache;
            }

            return cache.Events;
        }
    }
}
