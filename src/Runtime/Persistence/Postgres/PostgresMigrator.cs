using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Netra.Runtime.Persistence.Postgres;

/// <summary>One schema migration: an embedded <c>Persistence/Postgres/Migrations/NNNN_name.sql</c> file.</summary>
/// <param name="Version">The number NNNN; migrations apply in this order.</param>
/// <param name="Name">The rest of the file name, e.g. <c>grain_state</c>.</param>
/// <param name="Sql">The file's SQL. It runs inside the migration transaction.</param>
public sealed record PostgresMigration(int Version, string Name, string Sql)
{
    /// <summary>The file name, e.g. <c>0001_grain_state.sql</c>.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"{Version:D4}_{Name}.sql");
}

/// <summary>
/// Applies the schema migrations embedded in this assembly. To add a table, drop a file named
/// <c>NNNN_description.sql</c> into <c>src/Runtime/Persistence/Postgres/Migrations/</c> with the next number; it is
/// embedded and found by name. A migration runs inside one transaction, so it must not use statements that refuse
/// one (such as <c>CREATE INDEX CONCURRENTLY</c>).
/// </summary>
/// <remarks>
/// Safe to run twice and from several silos at once: everything happens in one transaction that first takes a
/// transaction-scoped advisory lock, so silos migrating the same database queue up, and each one after the first
/// finds every migration recorded in <c>netra_schema_migrations</c>.
/// </remarks>
public sealed partial class PostgresMigrator : IStorageInitializer
{
    /// <summary>The advisory lock key that serializes migrations of one database ("NETRAMIG" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4E45_5452_414D_4947;

    private const string ResourcePrefix = "Netra.Runtime.Migrations.";

    private const string CreateMigrationsTableSql = """
        CREATE TABLE IF NOT EXISTS netra_schema_migrations (
            version    int         PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private static readonly Lazy<IReadOnlyList<PostgresMigration>> s_migrations = new(LoadEmbeddedMigrations);

    private readonly string _connectionString;
    private readonly int _commandTimeoutSeconds;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The Npgsql connection string; never logged.</param>
    /// <param name="timeout">How long one statement may take, waiting for the lock included; zero means no limit.</param>
    /// <param name="logger">Where to log applied migrations.</param>
    public PostgresMigrator(string connectionString, TimeSpan? timeout = null, ILogger<PostgresMigrator>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _commandTimeoutSeconds = PostgresGrainStorageOptions.ToCommandTimeoutSeconds(timeout ?? TimeSpan.FromMinutes(5));
        _logger = logger ?? NullLogger<PostgresMigrator>.Instance;
    }

    /// <summary>The embedded migrations in the order they apply. Throws if a file is misnamed or a number repeats.</summary>
    public static IReadOnlyList<PostgresMigration> GetMigrations() => s_migrations.Value;

    /// <summary>Applies the migrations the database lacks, in order, in one transaction.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var migrations = GetMigrations();
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var database = connection.Database;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var command = CreateCommand(connection, transaction, "SELECT pg_advisory_xact_lock($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = CreateCommand(connection, transaction, CreateMigrationsTableSql))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var command = CreateCommand(connection, transaction, "SELECT version FROM netra_schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var unknown in applied.Where(version => !migrations.Any(m => m.Version == version)).Order())
        {
            PostgresLog.UnknownMigrationApplied(_logger, database, unknown);
        }

        var pending = migrations.Where(m => !applied.Contains(m.Version)).ToList();
        foreach (var migration in pending)
        {
            await using (var command = CreateCommand(connection, transaction, migration.Sql))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var command = CreateCommand(
                connection, transaction, "INSERT INTO netra_schema_migrations (version, name) VALUES ($1, $2)"))
            {
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Committing releases the advisory lock.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in pending)
        {
            PostgresLog.MigrationApplied(_logger, migration.Version, migration.Name, database);
        }

        if (pending.Count == 0)
        {
            PostgresLog.SchemaUpToDate(_logger, database, migrations.Count);
        }
    }

    private NpgsqlCommand CreateCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
        new(sql, connection, transaction) { CommandTimeout = _commandTimeoutSeconds };

    private static List<PostgresMigration> LoadEmbeddedMigrations()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var migrations = new List<PostgresMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var match = MigrationFileName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Embedded migration '{fileName}' is misnamed: migration files are named NNNN_description.sql, e.g. 0002_streams.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration '{fileName}' cannot be read.");
            using var reader = new StreamReader(stream);
            migrations.Add(new PostgresMigration(
                int.Parse(match.Groups["version"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Embedded migrations {migrations[i - 1].FileName} and {migrations[i].FileName} share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex MigrationFileName();
}
