using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;

namespace Netra.Runtime.Tests.Persistence;

/// <summary>
/// One migrated database on the shared test PostgreSQL, and a provider over it. Tests isolate from each other by
/// using fresh grain keys; tests of migrations make databases of their own.
/// </summary>
public sealed class PostgresStorageFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public PostgresGrainStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.GetSharedAsync();
        ConnectionString = await Server.CreateDatabaseAsync("grain_storage");
        await new PostgresMigrator(ConnectionString).InitializeAsync(CancellationToken.None);
        Storage = new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = ConnectionString });
    }

    public async Task DisposeAsync()
    {
        if (Storage is not null)
        {
            await Storage.DisposeAsync();
            await Server.DropDatabaseAsync(ConnectionString);
        }
    }
}
