namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>Where and how <see cref="ClickHouseWorkloadStore"/> reaches ClickHouse (<c>Netra:Workloads:ClickHouse</c>).</summary>
public sealed class ClickHouseStoreOptions
{
    /// <summary>
    /// The base URL of ClickHouse's HTTP interface, such as <c>http://127.0.0.1:8123</c>: one server, since the store reads
    /// deletion markers and events in separate statements and relies on each seeing the other's writes (no replicas behind
    /// a load balancer).
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:8123";

    /// <summary>The database that holds Netra's tables; created by the migration when missing. Letters, digits and <c>_</c>.</summary>
    public string Database { get; set; } = "netra";

    /// <summary>The ClickHouse user.</summary>
    public string User { get; set; } = "default";

    /// <summary>The user's password; sent in a header, never in a URL or a log.</summary>
    public string? Password { get; set; }

    /// <summary>Attempts per call when ClickHouse cannot be reached or answers 5xx, the first included.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles for each further one, with up to 50% random jitter added.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The URL without any user information, for logs and messages.</summary>
    internal string SafeUrl => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) : "(invalid URL)";

    /// <summary>How long one HTTP request may take, the streaming of a read aside.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether queries read through the server's cache of decompressed blocks (<c>use_uncompressed_cache</c>, for scans
    /// of any size), so a dataset that tools scan again and again (every tool of a chat reads the same one) skips the
    /// decompression: 20–25% off a 10-million-event scan on 2 cores. The cache's size is the server's
    /// <c>uncompressed_cache_size</c> (8 GiB by default); turn this off for a server short of memory.
    /// </summary>
    public bool UseUncompressedCache { get; set; } = true;
}
