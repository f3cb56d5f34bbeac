namespace Netra.Runtime.Testing;

/// <summary>How <see cref="ClickHouseServer.StartNewAsync(ClickHouseServerOptions, CancellationToken)"/> configures its throwaway server.</summary>
public sealed record ClickHouseServerOptions
{
    /// <summary>
    /// A data directory to use and keep (created if missing, reused with what it holds, never deleted), as benchmarks do
    /// to keep loaded events between runs; null for a temporary directory deleted with the server.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Whether every query is recorded in <c>system.query_log</c>, so a caller can read ClickHouse's own time.</summary>
    public bool LogQueries { get; init; }

    /// <summary>The size of each of the uncompressed and mark caches, in bytes: small for tests, large for benchmarks.</summary>
    public long CacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most memory one query may use, in bytes.</summary>
    public long MaxMemoryUsage { get; init; } = 4_000_000_000;

    /// <summary>How long to wait for <c>/ping</c> after starting (a big kept directory takes longer to load).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
