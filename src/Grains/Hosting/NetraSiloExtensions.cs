using Microsoft.Extensions.Hosting;
using Netra.Runtime;
using Netra.Runtime.Hosting;

namespace Netra.Grains.Hosting;

/// <summary>The silo every Netra host runs: Netra's grains, with storage chosen by configuration.</summary>
public static class NetraSiloExtensions
{
    /// <summary>The configuration key of the PostgreSQL connection string.</summary>
    public const string PostgresConnectionStringKey = "Netra:Postgres:ConnectionString";

    /// <summary>
    /// Adds a silo hosting Netra's grains. Grain state goes to PostgreSQL when <see cref="PostgresConnectionStringKey"/>
    /// is set, and to process memory otherwise (the embedded default).
    /// </summary>
    public static IHostApplicationBuilder AddNetraGrains(this IHostApplicationBuilder builder)
    {
        GrainTypeRegistry.RegisterAssembly(typeof(NetraSiloExtensions).Assembly);
        var connectionString = builder.Configuration[PostgresConnectionStringKey];
        return builder.AddNetraSilo(silo =>
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                silo.AddMemoryGrainStorage();
            }
            else
            {
                silo.AddPostgresGrainStorage(SiloBuilder.DefaultStorageName, o => o.ConnectionString = connectionString);
            }
        });
    }
}
