using Microsoft.Extensions.Logging;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads.Ingestion.Import;

namespace Netra.Grains.Workloads.Ingestion;

/// <summary>A line that was not stored, and why.</summary>
/// <param name="Line">Its 1-based line number in the body.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record IngestError(int Line, string Reason);

/// <summary>What an ingestion did.</summary>
/// <param name="Accepted">Events stored.</param>
/// <param name="Rejected">Lines not stored.</param>
/// <param name="Errors">The first <see cref="WorkloadIngestion.MaxReportedErrors"/> rejections, in line order.</param>
public sealed record IngestResult(int Accepted, int Rejected, IReadOnlyList<IngestError> Errors);

/// <summary>
/// Turns NDJSON into stored events: each non-blank line is parsed on its own (a bad line never affects another),
/// priced from the catalog when it has no cost, and appended to the user's store. Accepted events are stored before
/// the result is returned; lines beyond the user's capacity are rejected with that reason, never dropped in silence.
/// </summary>
public sealed class WorkloadIngestion(IWorkloadStore store, ModelCatalog catalog, ILogger<WorkloadIngestion> logger)
{
    /// <summary>How many rejections a result lists.</summary>
    public const int MaxReportedErrors = 10;

    /// <summary>Ingests an NDJSON body (UTF-8; <c>\n</c> or <c>\r\n</c> line ends; blank lines are skipped but counted).</summary>
    public async Task<IngestResult> IngestNdjsonAsync(string userId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var events = new List<WorkloadEvent>();
        var lines = new List<int>();
        var errors = new List<IngestError>();
        var rejected = 0;
        var lineNumber = 0;
        var rest = body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            line = Trim(line);
            if (line.IsEmpty)
            {
                continue;
            }

            if (WorkloadEventParser.TryParse(line, out var parsed, out var error))
            {
                events.Add(catalog.Priced(parsed!));
                lines.Add(lineNumber);
            }
            else
            {
                rejected++;
                if (errors.Count < MaxReportedErrors)
                {
                    errors.Add(new IngestError(lineNumber, error!));
                }
            }
        }

        var stored = events.Count == 0 ? 0 : await store.AppendAsync(userId, events, cancellationToken);
        if (stored < events.Count)
        {
            // Both lists are in line order, so the first few of each hold the first few of all.
            WorkloadsLog.StoreFull(logger, userId, events.Count - stored);
            rejected += events.Count - stored;
            errors.AddRange(lines.Skip(stored).Take(MaxReportedErrors)
                .Select(line => new IngestError(line, "the user's workload store is full; delete a dataset to make room")));
        }

        WorkloadsLog.Ingested(logger, userId, stored, rejected);
        WorkloadTelemetry.Stored("events", stored, rejected);
        return new IngestResult(stored, rejected, [.. errors.OrderBy(e => e.Line).Take(MaxReportedErrors)]);
    }

    /// <summary>
    /// Imports a trace file in one of <see cref="TraceFormats.All"/>, read incrementally from <paramref name="body"/> and
    /// stored in batches (see <see cref="TraceImporter"/>), so memory stays bounded whatever the file's size.
    /// </summary>
    public Task<ImportResult> ImportAsync(string userId, Stream body, TraceImportSettings settings, CancellationToken cancellationToken) =>
        new TraceImporter(store, catalog, logger).ImportAsync(userId, TraceFormats.ReadAsync(body, settings, cancellationToken), settings, cancellationToken);

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var start = 0;
        var end = span.Length;
        while (start < end && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            start++;
        }

        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        return line[start..end];
    }
}
