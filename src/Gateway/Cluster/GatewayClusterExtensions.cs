using Netra.Grains.Health;
using Netra.Grains.Hosting;
using Netra.Runtime;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Hosting;
using Netra.Runtime.Streams;
using Npgsql;

namespace Netra.Gateway.Cluster;

/// <summary>How the gateway reaches grains: an embedded silo by default, or a cluster of silo processes as a client.</summary>
public static class GatewayClusterExtensions
{
    /// <summary>The configuration key that makes the gateway a client of a cluster.</summary>
    public const string ClusterEnabledKey = "Netra:Cluster:Enabled";

    /// <summary>
    /// With <see cref="ClusterEnabledKey"/> true, connects to the cluster whose membership is in PostgreSQL
    /// (<c>Netra:Postgres:ConnectionString</c>, cluster id <c>Netra:Cluster:Membership:ClusterId</c>). Otherwise runs
    /// the embedded default: a silo in this process.
    /// </summary>
    public static WebApplicationBuilder AddNetraGrainAccess(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>(ClusterEnabledKey))
        {
            builder.AddNetraGrains();
            return builder;
        }

        var connectionString = builder.Configuration[NetraSiloExtensions.PostgresConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ClusterEnabledKey} is true but {NetraSiloExtensions.PostgresConnectionStringKey} is not set: a cluster's membership lives in PostgreSQL.");
        }

        var clusterId = builder.Configuration["Netra:Cluster:Membership:ClusterId"] ?? new MembershipOptions().ClusterId;
        GrainTypeRegistry.RegisterAssembly(typeof(HealthProbeGrain).Assembly); // grain types of the interfaces it calls
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.Configure<StreamOptions>(builder.Configuration.GetSection(NetraSiloExtensions.StreamsSection));
        builder.Services.AddNetraClusterClient(
            sp => new PostgresMembershipTable(sp.GetRequiredService<NpgsqlDataSource>(), clusterId, sp.GetService<ILogger<PostgresMembershipTable>>()),
            options => builder.Configuration.GetSection("Netra:Cluster:Client").Bind(options));
        return builder;
    }
}
