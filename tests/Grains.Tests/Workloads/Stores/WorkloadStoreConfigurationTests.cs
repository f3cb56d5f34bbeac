using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary><c>Netra:Workloads:Store</c> picks the store; ClickHouse settings bind from <c>Netra:Workloads:ClickHouse</c>.</summary>
public sealed class WorkloadStoreConfigurationTests
{
    [Fact]
    public void The_embedded_store_with_demo_data_is_the_default()
    {
        using var services = Build([]);

        Assert.IsType<DemoDataWorkloadStore>(services.GetRequiredService<IWorkloadStore>());
    }

    [Fact]
    public void Clickhouse_is_chosen_by_configuration_without_demo_data_and_binds_its_settings()
    {
        using var services = Build(new()
        {
            ["Netra:Workloads:Store"] = "clickhouse",
            ["Netra:Workloads:ClickHouse:Url"] = "http://127.0.0.2:8123",
            ["Netra:Workloads:ClickHouse:Database"] = "analytics",
            ["Netra:Workloads:ClickHouse:User"] = "netra",
            ["Netra:Workloads:ClickHouse:Password"] = "pw",
            ["Netra:Workloads:ClickHouse:MaxAttempts"] = "5",
        });

        Assert.IsType<ClickHouseWorkloadStore>(services.GetRequiredService<IWorkloadStore>());
        var settings = services.GetRequiredService<IOptions<WorkloadOptions>>().Value.ClickHouse;
        Assert.Equal(("http://127.0.0.2:8123", "analytics", "netra", "pw", 5), (settings.Url, settings.Database, settings.User, settings.Password, settings.MaxAttempts));
    }

    [Fact]
    public void Embedded_in_cluster_mode_has_no_demo_data()
    {
        using var services = Build(new() { ["Netra:Cluster:Enabled"] = "true", ["Netra:Workloads:Store"] = "Embedded" });

        Assert.IsType<EmbeddedWorkloadStore>(services.GetRequiredService<IWorkloadStore>());
    }

    [Fact]
    public void An_unknown_store_fails_with_the_choices()
    {
        using var services = Build(new() { ["Netra:Workloads:Store"] = "duckdb" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IWorkloadStore>());
        Assert.Contains("'embedded' or 'clickhouse'", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNetraWorkloads();
        return builder.Services.BuildServiceProvider();
    }
}
