using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>
/// Silo processes (<see cref="SiloProcess"/>) forming one cluster: a fresh database on the shared test PostgreSQL, a
/// cluster id of their own, silos named <c>silo-1</c>, <c>silo-2</c>, …. Disposing kills every silo, even when the
/// test failed, and drops the database.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>How long a silo may take to start and join: generous, since a 2-core machine starts them side by side.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresServer _server;
    private readonly List<SiloProcess> _silos = [];

    private SiloProcessCluster(PostgresServer server, string connectionString, string clusterId)
    {
        _server = server;
        ConnectionString = connectionString;
        ClusterId = clusterId;
        DataSource = NpgsqlDataSource.Create(connectionString);
        MembershipTable = new PostgresMembershipTable(DataSource, clusterId);
    }

    /// <summary>The cluster's database.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's id, unique to this cluster.</summary>
    public string ClusterId { get; }

    /// <summary>A data source over <see cref="ConnectionString"/>, for the test's own reads.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The cluster's membership table, as a client or a test reads it.</summary>
    public IMembershipTable MembershipTable { get; }

    /// <summary>The silos started, in order.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="count"/> silo processes side by side, each with <paramref name="settings"/> on top of the
    /// cluster settings, and waits until every one is Active. If any fails to start, all are killed and the error says why.
    /// </summary>
    public static async Task<SiloProcessCluster> StartAsync(int count, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("processes");
        var cluster = new SiloProcessCluster(server, connectionString, $"processes-{Guid.NewGuid():N}"[..20]);
        try
        {
            for (var i = 1; i <= count; i++)
            {
                cluster._silos.Add(SiloProcess.Start($"silo-{i}", SiloProcess.FreePort(), connectionString, cluster.ClusterId, settings));
            }

            await Task.WhenAll(cluster._silos.Select(s => s.WaitUntilActiveAsync(cluster.MembershipTable, StartupTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo named <paramref name="name"/>.</summary>
    public SiloProcess this[string name] => _silos.Single(s => s.Name == name);

    /// <summary><paramref name="failure"/>, with every silo's output appended so a failed test shows what the silos did.</summary>
    public Exception WithSiloOutput(Exception failure)
    {
        var outputs = string.Join("\n\n", _silos.Select(s =>
            $"===== {s.Name} (pid {s.ProcessId}, port {s.Port}, {(s.HasExited ? "exited" : "running")}) =====\n{s.Output}"));
        return new SiloProcessFailure($"{failure.GetType().Name}: {failure.Message}\n\n{outputs}", failure);
    }

    /// <summary>Kills every silo still running, then drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        }
        finally
        {
            await DataSource.DisposeAsync();
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }
}
