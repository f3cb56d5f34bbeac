using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Grains.Agents;
using Netra.Grains.Llm;
using Netra.Grains.Workloads;
using Netra.Runtime;
using Netra.Runtime.Cluster;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Hosting;
using Netra.Runtime.Streams;
using Npgsql;

namespace Netra.Grains.Hosting;

/// <summary>The silo every Netra host runs: Netra's grains, with storage and clustering chosen by configuration.</summary>
public static class NetraSiloExtensions
{
    /// <summary>The configuration key of the PostgreSQL connection string.</summary>
    public const string PostgresConnectionStringKey = "Netra:Postgres:ConnectionString";

    /// <summary>The configuration section of the cluster settings, bound onto <see cref="ClusterOptions"/>.</summary>
    public const string ClusterSection = "Netra:Cluster";

    /// <summary>The configuration section of stream retention and subscription settings, bound onto <see cref="StreamOptions"/>.</summary>
    public const string StreamsSection = "Netra:Streams";

    /// <summary>The configuration key that turns cluster mode on.</summary>
    public const string ClusterEnabledKey = ClusterSection + ":Enabled";

    /// <summary>
    /// Adds a silo hosting Netra's grains. Grain state and streams go to PostgreSQL when <see cref="PostgresConnectionStringKey"/>
    /// is set, and to process memory otherwise (the embedded default). When <see cref="ClusterEnabledKey"/> is true the
    /// silo joins the cluster whose membership lives in that PostgreSQL, configured from <see cref="ClusterSection"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Cluster mode is on but no PostgreSQL connection string is set.</exception>
    public static IHostApplicationBuilder AddNetraGrains(this IHostApplicationBuilder builder)
    {
        GrainTypeRegistry.RegisterAssembly(typeof(NetraSiloExtensions).Assembly);
        var connectionString = builder.Configuration[PostgresConnectionStringKey];
        var clustered = builder.Configuration.GetValue<bool>(ClusterEnabledKey);
        if (clustered && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Cluster mode is on ({ClusterEnabledKey} = true) but {PostgresConnectionStringKey} is not set: the cluster "
                + "keeps its membership in PostgreSQL. Set Netra__Postgres__ConnectionString, or turn cluster mode off.");
        }

        builder.Services.Configure<StreamOptions>(builder.Configuration.GetSection(StreamsSection));
        builder.AddNetraWorkloads();
        builder.Services.AddNetraAgents(builder.Configuration);
        builder.Services.AddNetraLlm(builder.Configuration);
        builder.Services.AddSingleton<ILlmUsageSink, WorkloadUsageSink>();
        return builder.AddNetraSilo(silo =>
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                silo.AddMemoryGrainStorage();
                return;
            }

            silo.AddPostgresGrainStorage(SiloBuilder.DefaultStorageName, o => o.ConnectionString = connectionString);
            silo.AddPostgresStreams(connectionString);
            if (clustered)
            {
                silo.UseNetraCluster(builder.Configuration.GetSection(ClusterSection), connectionString);
            }
        });
    }

    /// <summary>
    /// Joins the cluster with membership in PostgreSQL. The membership tables come from migration 0002, which the
    /// storage's <c>PostgresMigrator</c> applies in the <see cref="Silo"/> hosted service's start. That service is
    /// registered by <c>AddNetraSilo</c> before this one's <c>ClusterSilo</c>, and a host starts its hosted services
    /// one after another in registration order, so the schema exists before the silo joins membership.
    /// </summary>
    private static void UseNetraCluster(this SiloBuilder silo, IConfigurationSection section, string connectionString)
    {
        // The membership table's data source, disposed with the container after the silo has left the cluster. (Grain
        // storage keeps a data source of its own: PostgresGrainStorage creates and owns it.)
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.UseCluster(
            sp => new PostgresMembershipTable(
                sp.GetRequiredService<NpgsqlDataSource>(),
                sp.GetRequiredService<ClusterOptions>().Membership.ClusterId,
                sp.GetRequiredService<ILogger<PostgresMembershipTable>>()),
            section.Bind);
    }
}
