using System.Text.RegularExpressions;
using Npgsql;

namespace Netra.Runtime.Testing;

/// <summary>
/// A real PostgreSQL for tests. Tests isolate themselves by database: <see cref="CreateDatabaseAsync"/> makes a fresh
/// one and returns its connection string.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GetSharedAsync"/> gives one server for the whole test run. If the environment variable
/// <c>NETRA_TEST_POSTGRES</c> holds a connection string (of a user who may CREATE DATABASE), that server is used.
/// Otherwise a throwaway server is started from the newest <c>/usr/lib/postgresql/*/bin</c> (as user
/// <c>postgres</c> via <c>runuser</c> when the tests run as root) in a temporary directory, on a free port of
/// 127.0.0.1, and is stopped and deleted when the process exits. If neither works, it throws and says how to install
/// PostgreSQL: tests never skip in silence.
/// </para>
/// <para>
/// Stopping and starting: <see cref="StopAsync"/> and <see cref="StartAsync"/> work on throwaway servers only
/// (<see cref="CanStopAndStart"/>). A test that checks behaviour while PostgreSQL is down should take a server of its
/// own from <see cref="StartNewAsync"/> (and dispose it), not stop the shared one under the other tests. The port stays
/// the same across a restart, so connection strings stay valid.
/// </para>
/// </remarks>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that names an existing server to use instead of a throwaway one.</summary>
    public const string EnvironmentVariable = "NETRA_TEST_POSTGRES";

    internal const string InstallHint =
        "PostgreSQL is needed for these tests. Install it (Debian/Ubuntu: `apt-get install -y postgresql`, which puts initdb and "
        + "pg_ctl under /usr/lib/postgresql/<version>/bin), or set " + EnvironmentVariable
        + " to the connection string of a server where the user may CREATE DATABASE.";

    private static readonly Lazy<Task<PostgresServer>> s_shared = new(CreateSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _adminConnectionString;
    private readonly ThrowawayPostgres? _throwaway;
    private readonly bool _isShared;
    private readonly List<string> _createdDatabases = [];

    private PostgresServer(string adminConnectionString, ThrowawayPostgres? throwaway, bool isShared)
    {
        _adminConnectionString = adminConnectionString;
        _throwaway = throwaway;
        _isShared = isShared;
    }

    /// <summary>The connection string of the server's <c>postgres</c> database, as a user who may create databases.</summary>
    public string ConnectionString => _adminConnectionString;

    /// <summary>Whether this is a throwaway server that <see cref="StopAsync"/> and <see cref="StartAsync"/> can control.</summary>
    public bool CanStopAndStart => _throwaway is not null;

    /// <summary>The server shared by the whole test run, started on first use.</summary>
    public static Task<PostgresServer> GetSharedAsync() => s_shared.Value;

    /// <summary>
    /// Starts a throwaway server of the caller's own, whatever <c>NETRA_TEST_POSTGRES</c> says, for tests that stop it.
    /// Dispose it to stop it and delete its files.
    /// </summary>
    public static async Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var throwaway = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresServer(throwaway.ConnectionString, throwaway, isShared: false);
    }

    /// <summary>Creates a database named after <paramref name="prefix"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var cleaned = NotIdentifierCharacters().Replace(prefix.ToLowerInvariant(), "_");
        cleaned = cleaned.Length > 24 ? cleaned[..24] : cleaned;
        var name = $"netra_{cleaned}_{Guid.NewGuid():N}"; // at most 63 characters, PostgreSQL's limit

        // Identifiers cannot be parameters; the name is made only of [a-z0-9_] above.
        await using (var connection = await OpenAdminConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/>, cutting its open connections. Worth calling when the
    /// server comes from <c>NETRA_TEST_POSTGRES</c>; a throwaway server is deleted whole anyway.
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        bool created;
        lock (_createdDatabases)
        {
            created = name is not null && _createdDatabases.Remove(name);
        }

        if (!created)
        {
            throw new ArgumentException("The connection string names no database that this server created.", nameof(connectionString));
        }

        await DropAsync(name!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a throwaway server (fast shutdown: open connections are cut). Throws for an external server.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RequireThrowaway().StopAsync(cancellationToken);

    /// <summary>Starts a throwaway server again on the same port. Throws for an external server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        RequireThrowaway().RestartAsync(cancellationToken);

    /// <summary>
    /// Stops a throwaway server and deletes its files; for an external server, drops the databases this object created.
    /// Does nothing for the shared server, which is cleaned up when the process exits.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            await CleanUpAsync().ConfigureAwait(false);
        }
    }

    private static async Task<PostgresServer> CreateSharedAsync()
    {
        PostgresServer server;
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            server = new PostgresServer(external, throwaway: null, isShared: true);
            try
            {
                await using var connection = await server.OpenAdminConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or ArgumentException)
            {
                throw new InvalidOperationException(
                    $"Cannot connect to the PostgreSQL named by {EnvironmentVariable}: {exception.Message}. {InstallHint}", exception);
            }
        }
        else
        {
            var throwaway = await ThrowawayPostgres.StartAsync(CancellationToken.None).ConfigureAwait(false);
            server = new PostgresServer(throwaway.ConnectionString, throwaway, isShared: true);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.CleanUpAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private async ValueTask CleanUpAsync()
    {
        if (_throwaway is not null)
        {
            await _throwaway.DisposeAsync().ConfigureAwait(false);
            return;
        }

        string[] databases;
        lock (_createdDatabases)
        {
            databases = [.. _createdDatabases];
            _createdDatabases.Clear();
        }

        // Best effort: a test runner may kill the process before this ends, so tests should drop their databases.
        foreach (var database in databases)
        {
            try
            {
                await DropAsync(database, CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException exception)
            {
                await Console.Error.WriteLineAsync($"PostgresServer: could not drop test database {database}: {exception.Message}")
                    .ConfigureAwait(false);
            }
        }
    }

    private async Task DropAsync(string database, CancellationToken cancellationToken)
    {
        // The name was made of [a-z0-9_] by CreateDatabaseAsync.
        await using var connection = await OpenAdminConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken cancellationToken)
    {
        // Unpooled, so a restart of the server leaves no broken connection behind for the next call.
        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ThrowawayPostgres RequireThrowaway() =>
        _throwaway ?? throw new NotSupportedException(
            $"This PostgreSQL comes from {EnvironmentVariable} and cannot be stopped by a test; use {nameof(StartNewAsync)}.");

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotIdentifierCharacters();
}
