using Microsoft.Extensions.Logging;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>Trace import's log messages, source-generated. Event ids 9150–9199.</summary>
internal static partial class ImportLog
{
    [LoggerMessage(9150, LogLevel.Information,
        "Imported a {Format} trace into dataset '{Dataset}' for user {UserId}: {Accepted} accepted, {Rejected} rejected, {Skipped} skipped")]
    public static partial void Imported(ILogger logger, string userId, string format, string dataset, long accepted, long rejected, long skipped);
}
