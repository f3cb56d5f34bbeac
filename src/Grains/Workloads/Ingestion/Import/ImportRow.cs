namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>One row of a trace: an event to store, a rejection with its reason, or a row skipped on purpose.</summary>
/// <param name="Line">Its 1-based line number (for OTLP, the line where the span begins).</param>
/// <param name="Event">The event, when the row is valid.</param>
/// <param name="Error">Why the row was rejected, when it was.</param>
public sealed record ImportRow(int Line, WorkloadEvent? Event, string? Error)
{
    /// <summary>Whether the row was skipped on purpose (an OTLP span that is not a GenAI call): neither stored nor an error.</summary>
    public bool Skipped => Event is null && Error is null;

    /// <summary>A valid row.</summary>
    public static ImportRow Accept(int line, WorkloadEvent workloadEvent) => new(line, workloadEvent, null);

    /// <summary>A rejected row.</summary>
    public static ImportRow Reject(int line, string reason) => new(line, null, reason);

    /// <summary>A skipped row.</summary>
    public static ImportRow Skip(int line) => new(line, null, null);
}

/// <summary>What an import did: <c>POST /api/workloads/import</c>'s answer.</summary>
/// <param name="Format">The format read.</param>
/// <param name="Dataset">The dataset the events went to.</param>
/// <param name="DefaultModel">The model given to rows that name none.</param>
/// <param name="Accepted">Events stored.</param>
/// <param name="Rejected">Rows not stored, each for a reason.</param>
/// <param name="Skipped">Rows skipped on purpose: OTLP spans without GenAI token usage.</param>
/// <param name="Errors">The first <see cref="WorkloadIngestion.MaxReportedErrors"/> rejections, in line order.</param>
public sealed record ImportResult(
    string Format, string Dataset, string DefaultModel, long Accepted, long Rejected, long Skipped, IReadOnlyList<IngestError> Errors);
