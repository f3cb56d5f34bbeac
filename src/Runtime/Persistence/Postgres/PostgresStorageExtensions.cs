using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Persistence.Postgres;

namespace Netra.Runtime.Hosting;

/// <summary>Adds PostgreSQL grain storage to a silo.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Adds a <see cref="PostgresGrainStorage"/> provider named <paramref name="name"/> (a keyed
    /// <see cref="IGrainStorage"/>) and, unless <see cref="PostgresGrainStorageOptions.ApplyMigrations"/> is off, a
    /// <see cref="PostgresMigrator"/> as an <see cref="IStorageInitializer"/>. Providers that share a connection string
    /// share one migrator. <paramref name="configure"/> runs at once, so a missing connection string fails here.
    /// </summary>
    public static SiloBuilder AddPostgresGrainStorage(
        this SiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        var options = new PostgresGrainStorageOptions();
        configure(options);
        options.Validate();

        builder.Services.AddKeyedSingleton<IGrainStorage>(
            name, (services, _) => new PostgresGrainStorage(options, services.GetService<ILogger<PostgresGrainStorage>>()));

        if (options.ApplyMigrations && !HasMigrator(builder.Services, options.ConnectionString))
        {
            builder.Services.AddSingleton(new PostgresMigratorRegistration(options.ConnectionString));
            builder.Services.AddSingleton<IStorageInitializer>(services => new PostgresMigrator(
                options.ConnectionString, options.MigrationTimeout, services.GetService<ILogger<PostgresMigrator>>()));
        }

        return builder;
    }

    private static bool HasMigrator(IServiceCollection services, string connectionString) =>
        services.Any(d => d.ImplementationInstance is PostgresMigratorRegistration registration
            && string.Equals(registration.ConnectionString, connectionString, StringComparison.Ordinal));

    /// <summary>Marks a connection string whose migrator is already registered. (The migrator is idempotent anyway.)</summary>
    private sealed record PostgresMigratorRegistration(string ConnectionString);
}
