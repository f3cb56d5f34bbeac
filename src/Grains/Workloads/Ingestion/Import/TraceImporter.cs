using Microsoft.Extensions.Logging;
using Netra.Grains.Catalog;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// Stores a trace's rows in batches of <see cref="BatchSize"/>: each valid row gets its model's provider and price from
/// the catalog (when the model is there and the row has none) and is appended to the user's store; the batch's rows are then released, so memory is bounded by one
/// batch whatever the file's size. Rows beyond the user's capacity are rejected by line, never dropped in silence.
/// Exceptions from the store (such as the store being unavailable) propagate: the rows of earlier batches stay stored.
/// </summary>
internal sealed class TraceImporter(IWorkloadStore store, ModelCatalog catalog, ILogger logger)
{
    /// <summary>Events appended to the store at a time.</summary>
    public const int BatchSize = 5_000;

    private readonly List<WorkloadEvent> _batch = new(BatchSize);
    private readonly List<int> _lines = new(BatchSize);
    private readonly List<IngestError> _errors = [];
    private long _accepted;
    private long _rejected;
    private long _skipped;
    private bool _full;

    public async Task<ImportResult> ImportAsync(
        string userId, IAsyncEnumerable<ImportRow> rows, TraceImportSettings settings, CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Event is { } e)
            {
                _batch.Add(catalog.Priced(e.Provider is null && catalog.Find(e.Model) is { } model ? e with { Provider = model.Provider } : e));
                _lines.Add(row.Line);
                if (_batch.Count == BatchSize)
                {
                    await FlushAsync(userId, cancellationToken);
                }
            }
            else if (row.Error is { } reason)
            {
                Reject(row.Line, reason);
            }
            else
            {
                _skipped++;
            }
        }

        await FlushAsync(userId, cancellationToken);
        ImportLog.Imported(logger, userId, settings.Format, settings.Dataset, _accepted, _rejected, _skipped);
        WorkloadTelemetry.Stored(settings.Format, _accepted, _rejected);
        return new ImportResult(settings.Format, settings.Dataset, settings.Model, _accepted, _rejected, _skipped, _errors);
    }

    private async Task FlushAsync(string userId, CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var stored = _full ? 0 : await store.AppendAsync(userId, _batch, cancellationToken);
        _accepted += stored;
        if (stored < _batch.Count)
        {
            if (!_full)
            {
                WorkloadsLog.StoreFull(logger, userId, _batch.Count - stored);
            }

            _full = true;
            foreach (var line in _lines.Skip(stored))
            {
                Reject(line, "the user's workload store is full; delete a dataset to make room");
            }
        }

        _batch.Clear();
        _lines.Clear();
    }

    /// <summary>Counts a rejection and keeps it if it is among the first few by line (rows arrive in line order, except capacity rejections, which lag a batch).</summary>
    private void Reject(int line, string reason)
    {
        _rejected++;
        if (_errors.Count < WorkloadIngestion.MaxReportedErrors || line < _errors[^1].Line)
        {
            var at = _errors.FindLastIndex(e => e.Line <= line) + 1;
            _errors.Insert(at, new IngestError(line, reason));
            if (_errors.Count > WorkloadIngestion.MaxReportedErrors)
            {
                _errors.RemoveAt(_errors.Count - 1);
            }
        }
    }
}
