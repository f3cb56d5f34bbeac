using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Health;
using Netra.Runtime;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Gateway.Tests;

/// <summary>The gateway as a client of a cluster: two silos over TCP, membership and state in PostgreSQL.</summary>
public sealed class GatewayClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = $"gw-{Guid.NewGuid():N}";
    private PostgresServer _postgres = null!;
    private string _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TestCluster _silos = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.GetSharedAsync();
        _database = await _postgres.CreateDatabaseAsync("gateway");
        await new PostgresMigrator(_database).InitializeAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(_database);
        GrainTypeRegistry.RegisterAssembly(typeof(HealthProbeGrain).Assembly);
        _silos = await new TestClusterBuilder { InitialSilos = 2 }
            .UsePostgresStorage(_database)
            .UseCluster(new PostgresMembershipTable(_dataSource, _clusterId))
            .Build().DeployAsync();
        await _silos.WaitForClusterAsync();
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Netra:Cluster:Enabled", "true");
            builder.UseSetting("Netra:Postgres:ConnectionString", _database);
            builder.UseSetting("Netra:Cluster:Membership:ClusterId", _clusterId);
            builder.UseSetting("Netra:Cluster:Client:RefreshInterval", "00:00:00.300");
            builder.UseSetting("Netra:Auth:SigningKey", GatewayApplication.SigningKey); // cluster mode needs a way to check tokens
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silos.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _postgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Gateway_in_cluster_mode_reaches_grains_through_its_cluster_client()
    {
        var http = _gateway.CreateClient();

        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        var client = Assert.IsType<ClusterClient>(_gateway.Services.GetRequiredService<IClusterClient>());
        Assert.Equal(_silos.LiveSilos.Select(s => s.Address).ToHashSet(), client.ActiveSilos.ToHashSet());
    }
}
