using Microsoft.Extensions.Hosting;
using Netra.Grains.Hosting;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>How the silo process reads its cluster configuration (<see cref="NetraSiloExtensions.AddNetraGrains"/>).</summary>
public sealed class SiloConfigurationTests
{
    [Fact]
    public void Cluster_mode_without_a_PostgreSQL_connection_string_fails_at_start_and_says_why()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[NetraSiloExtensions.ClusterEnabledKey] = "true";

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddNetraGrains());

        Assert.Contains(NetraSiloExtensions.PostgresConnectionStringKey, exception.Message);
        Assert.Contains(NetraSiloExtensions.ClusterEnabledKey, exception.Message);
    }
}
