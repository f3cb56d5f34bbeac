using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>
/// One migrated database on the shared test PostgreSQL, and a data source over it. Tests isolate from each other by
/// using a fresh cluster id each.
/// </summary>
public sealed class PostgresMembershipFixture : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private string _connectionString = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetSharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("membership");
        await new PostgresMigrator(_connectionString).InitializeAsync(CancellationToken.None);
        DataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}
