namespace Netra.Runtime.Testing;

/// <summary>
/// A real ClickHouse for tests, reached over its HTTP interface. Tests isolate themselves by database:
/// <see cref="NewDatabaseName"/> gives a fresh name (the store under test creates it).
/// </summary>
/// <remarks>
/// <see cref="GetSharedAsync"/> gives one server for the whole test run. If the environment variable
/// <c>NETRA_TEST_CLICKHOUSE</c> holds the URL of an existing server (user <c>default</c>, no password, allowed to create
/// databases), that server is used. Otherwise a throwaway <c>clickhouse-server</c> is started as a child process with a
/// generated config on free ports of 127.0.0.1 and a temporary data directory, and is stopped and deleted when the
/// process exits. If neither works, it throws and says how to install ClickHouse: tests never skip in silence. A test
/// that stops ClickHouse takes a server of its own from <see cref="StartNewAsync(CancellationToken)"/>.
/// </remarks>
public sealed class ClickHouseServer : IAsyncDisposable
{
    /// <summary>The environment variable that names an existing server to use instead of a throwaway one.</summary>
    public const string EnvironmentVariable = "NETRA_TEST_CLICKHOUSE";

    internal const string InstallHint =
        "ClickHouse is needed for these tests. Install it (Debian/Ubuntu: `apt-get install -y clickhouse-server clickhouse-client`, "
        + "which puts clickhouse-server in /usr/sbin), or set " + EnvironmentVariable + " to the HTTP URL of a server, such as http://127.0.0.1:8123/.";

    private static readonly Lazy<Task<ClickHouseServer>> s_shared = new(CreateSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ThrowawayClickHouse? _throwaway;
    private readonly bool _isShared;

    private ClickHouseServer(Uri url, ThrowawayClickHouse? throwaway, bool isShared)
    {
        Url = url;
        _throwaway = throwaway;
        _isShared = isShared;
    }

    /// <summary>The base URL of the server's HTTP interface.</summary>
    public Uri Url { get; }

    /// <summary>Whether this is a throwaway server that <see cref="StopAsync"/> and <see cref="StartAsync"/> can control.</summary>
    public bool CanStopAndStart => _throwaway is not null;

    /// <summary>The server shared by the whole test run, started on first use.</summary>
    public static Task<ClickHouseServer> GetSharedAsync() => s_shared.Value;

    /// <summary>Starts a throwaway server of the caller's own, whatever <c>NETRA_TEST_CLICKHOUSE</c> says. Dispose it to stop it.</summary>
    public static Task<ClickHouseServer> StartNewAsync(CancellationToken cancellationToken = default) =>
        StartNewAsync(new ClickHouseServerOptions(), cancellationToken);

    /// <summary>Starts a throwaway server of the caller's own configured by <paramref name="options"/>. Dispose it to stop it.</summary>
    public static async Task<ClickHouseServer> StartNewAsync(ClickHouseServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var throwaway = await ThrowawayClickHouse.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new ClickHouseServer(throwaway.Url, throwaway, isShared: false);
    }

    /// <summary>A database name no one has used, made of <c>[a-z0-9_]</c> and starting with <paramref name="prefix"/>'s letters.</summary>
    public static string NewDatabaseName(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var cleaned = new string([.. prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        cleaned = cleaned.Length > 24 ? cleaned[..24] : cleaned;
        return $"netra_{cleaned}_{Guid.NewGuid():N}";
    }

    /// <summary>Kills a throwaway server (its data stays). Throws for an external server.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => RequireThrowaway().StopAsync(cancellationToken);

    /// <summary>Starts a throwaway server again on the same port and data. Throws for an external server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => RequireThrowaway().RestartAsync(cancellationToken);

    /// <summary>Stops a throwaway server and deletes its files; does nothing for the shared one, which goes when the process exits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_isShared && _throwaway is not null)
        {
            await _throwaway.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ClickHouseServer> CreateSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            if (!Uri.TryCreate(external, UriKind.Absolute, out var url))
            {
                throw new InvalidOperationException($"{EnvironmentVariable} is not a URL: '{external}'. {InstallHint}");
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                await client.GetStringAsync(new Uri(url, "ping")).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"Cannot reach the ClickHouse named by {EnvironmentVariable}: {exception.Message}. {InstallHint}", exception);
            }

            return new ClickHouseServer(url, throwaway: null, isShared: true);
        }

        var throwaway = await ThrowawayClickHouse.StartAsync(new ClickHouseServerOptions(), CancellationToken.None).ConfigureAwait(false);
        var server = new ClickHouseServer(throwaway.Url, throwaway, isShared: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => throwaway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private ThrowawayClickHouse RequireThrowaway() =>
        _throwaway ?? throw new NotSupportedException(
            $"This ClickHouse comes from {EnvironmentVariable} and cannot be stopped by a test; use {nameof(StartNewAsync)}.");
}
