using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime;
using Netra.Runtime.Cluster.Client;

namespace Netra.Gateway.Tests;

/// <summary>The gateway as a client of a cluster: two silos over TCP, membership and state in PostgreSQL.</summary>
public sealed class GatewayClusterTests : IAsyncLifetime
{
    private SiloCluster _cluster = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        _cluster = await SiloCluster.StartAsync("gateway", silos: 2);
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            _cluster.Apply(builder);
            builder.UseSetting("Netra:Auth:SigningKey", GatewayApplication.SigningKey); // cluster mode needs a way to check tokens
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Gateway_in_cluster_mode_reaches_grains_through_its_cluster_client()
    {
        var http = _gateway.CreateClient();

        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        var client = Assert.IsType<ClusterClient>(_gateway.Services.GetRequiredService<IClusterClient>());
        Assert.Equal(_cluster.Silos.LiveSilos.Select(s => s.Address).ToHashSet(), client.ActiveSilos.ToHashSet());
    }
}
