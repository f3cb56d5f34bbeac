using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Health;
using Netra.Runtime;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Gateway.Tests;

/// <summary>
/// Silos for gateways in cluster mode: a migrated database on the shared test PostgreSQL holding membership, grain
/// state and streams, and silos in the test process that talk over TCP.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly NpgsqlDataSource _dataSource;

    private SiloCluster(PostgresServer postgres, string database, NpgsqlDataSource dataSource, string clusterId, TestCluster silos)
    {
        _postgres = postgres;
        Database = database;
        _dataSource = dataSource;
        ClusterId = clusterId;
        Silos = silos;
    }

    /// <summary>The connection string of the cluster's database.</summary>
    public string Database { get; }

    /// <summary>The cluster id in the membership table.</summary>
    public string ClusterId { get; }

    /// <summary>The silos.</summary>
    public TestCluster Silos { get; }

    /// <summary>What a gateway needs to join as a client, refreshing membership as often as the silos do.</summary>
    public IDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["Netra:Cluster:Enabled"] = "true",
        ["Netra:Postgres:ConnectionString"] = Database,
        ["Netra:Cluster:Membership:ClusterId"] = ClusterId,
        ["Netra:Cluster:Client:RefreshInterval"] = "00:00:00.300",
    };

    /// <summary>
    /// Starts <paramref name="silos"/> silos on a fresh database named after <paramref name="name"/>, each with the
    /// services <paramref name="configureSilo"/> adds.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(string name, int silos, Action<IServiceCollection>? configureSilo = null)
    {
        var postgres = await PostgresServer.GetSharedAsync();
        var database = await postgres.CreateDatabaseAsync(name);
        await new PostgresMigrator(database).InitializeAsync(CancellationToken.None);
        var dataSource = NpgsqlDataSource.Create(database);
        var clusterId = $"{name}-{Guid.NewGuid():N}";
        GrainTypeRegistry.RegisterAssembly(typeof(HealthProbeGrain).Assembly);
        var builder = new TestClusterBuilder { InitialSilos = silos }
            .UsePostgresStorage(database)
            .UseCluster(new PostgresMembershipTable(dataSource, clusterId));
        if (configureSilo is not null)
        {
            builder.ConfigureSiloServices(configureSilo);
        }

        var cluster = await builder.Build().DeployAsync();
        await cluster.WaitForClusterAsync();
        return new SiloCluster(postgres, database, dataSource, clusterId, cluster);
    }

    /// <summary>Applies <see cref="GatewaySettings"/> to a gateway's host.</summary>
    public void Apply(IWebHostBuilder builder)
    {
        foreach (var (key, value) in GatewaySettings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Silos.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _postgres.DropDatabaseAsync(Database);
    }
}
