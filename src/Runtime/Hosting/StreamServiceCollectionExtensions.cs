using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Runtime.Streams;
using Netra.Runtime.Streams.Memory;
using Netra.Runtime.Streams.Postgres;
using Npgsql;

namespace Netra.Runtime.Hosting;

/// <summary>Adds streams to a silo: in memory unless <see cref="AddPostgresStreams"/> chooses PostgreSQL.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds the silo's <see cref="IStreamProvider"/> and, unless a log is chosen, streams kept in process memory.
    /// Called by <c>AddNetraSilo</c>; options come from the <c>Netra:Streams</c> section when the host binds it.
    /// </summary>
    public static IServiceCollection AddNetraStreams(this IServiceCollection services)
    {
        services.AddOptions<StreamOptions>().Validate(o => { o.Validate(); return true; });
        services.TryAddSingleton<IStreamLog, MemoryStreamLog>();
        services.TryAddSingleton(sp => StreamProviders.Create(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<StreamOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Keeps streams in the PostgreSQL of <paramref name="connectionString"/> (tables of migration 0003, applied by
    /// the PostgreSQL grain storage's migrator), and sweeps items past retention from quiet streams every hour.
    /// </summary>
    public static SiloBuilder AddPostgresStreams(this SiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.RemoveAll<IStreamLog>();
        builder.Services.AddSingleton<IStreamLog>(sp => new PostgresStreamLog(
            NpgsqlDataSource.Create(connectionString), sp.GetRequiredService<IOptions<StreamOptions>>()));
        builder.Services.AddHostedService(sp => new PostgresStreamRetention(
            connectionString, sp.GetRequiredService<IOptions<StreamOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresStreamRetention>>()));
        return builder;
    }

    /// <summary>Shares one stream log between the silos of a test cluster, as PostgreSQL does between processes.</summary>
    internal static SiloBuilder AddStreamLog(this SiloBuilder builder, IStreamLog log)
    {
        builder.Services.RemoveAll<IStreamLog>();
        builder.Services.AddSingleton(log);
        return builder;
    }

    /// <summary>Deletes items past the age limit from every stream, so streams that went quiet are trimmed too.</summary>
    private sealed class PostgresStreamRetention(string connectionString, StreamOptions options, TimeProvider time, ILogger logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
            do
            {
                try
                {
                    await using var command = dataSource.CreateCommand("DELETE FROM netra_stream_items WHERE created_at < $1");
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() - options.Retention });
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is NpgsqlException or PostgresException)
                {
                    // The next sweep tries again; appends trim their own stream meanwhile.
                    StreamLog.RetentionSweepFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
