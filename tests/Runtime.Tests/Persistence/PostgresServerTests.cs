using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Runtime.Tests.Persistence;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Throwaway_server_refuses_connections_while_stopped_and_serves_its_databases_after_a_restart()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("restart");
        await ExecuteAsync(connectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));

        await server.StartAsync();
        Assert.Equal(42, await ExecuteAsync(connectionString, "SELECT id FROM kept"));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        // Unpooled, so no connection from before the restart is reused.
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
