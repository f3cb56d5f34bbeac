namespace Netra.Runtime.Persistence.Postgres;

/// <summary>Settings of one <see cref="PostgresGrainStorage"/> provider.</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>
    /// The Npgsql connection string of the database that holds <c>netra_grain_state</c>. Required. It is never logged.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long one read, write or clear may take before it fails. Defaults to 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the silo applies the embedded schema migrations when it starts (see <see cref="PostgresMigrator"/>).
    /// Defaults to true. Turn it off when the schema is deployed by other means.
    /// </summary>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>
    /// How long one migration statement may take, including the wait for another silo that is migrating the same
    /// database. Defaults to 5 minutes.
    /// </summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws when a setting is missing or out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                $"{nameof(PostgresGrainStorageOptions)}.{nameof(ConnectionString)} is required.");
        }

        if (CommandTimeout < TimeSpan.Zero || MigrationTimeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{nameof(PostgresGrainStorageOptions)}: timeouts must not be negative (zero means no limit).");
        }
    }

    /// <summary>A timeout in whole seconds for <c>NpgsqlCommand.CommandTimeout</c>; zero means no limit.</summary>
    internal static int ToCommandTimeoutSeconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
}
