using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Hosting;
using Netra.Runtime.Persistence.Postgres;
using Npgsql;

namespace Netra.Runtime.Tests.Persistence;

public sealed class PostgresMigratorTests(PostgresStorageFixture fixture) : IClassFixture<PostgresStorageFixture>
{
    [Fact]
    public async Task Provider_registered_on_a_silo_resolves_by_name_and_shares_one_migrator_per_database()
    {
        var services = new ServiceCollection();
        var builder = new SiloBuilder(services);

        builder.AddPostgresGrainStorage("carts", o => o.ConnectionString = fixture.ConnectionString);
        builder.AddPostgresGrainStorage("users", o => o.ConnectionString = fixture.ConnectionString);

        await using var provider = services.BuildServiceProvider();
        var initializer = Assert.Single(provider.GetServices<IStorageInitializer>());
        await initializer.InitializeAsync(default);
        var carts = provider.GetRequiredKeyedService<IGrainStorage>("carts");
        var grain = PostgresGrainStorageTests.NewGrain();
        var etag = await carts.WriteAsync(grain, "state", PostgresGrainStorageTests.Json(5), null, default);
        Assert.Equal(etag, (await provider.GetRequiredKeyedService<IGrainStorage>("users").ReadAsync(grain, "state", default)).Etag);
    }

    [Fact]
    public void Registering_without_a_connection_string_fails_at_once()
    {
        var builder = new SiloBuilder(new ServiceCollection());

        Assert.Throws<InvalidOperationException>(() => builder.AddPostgresGrainStorage("carts", _ => { }));
    }

    [Fact]
    public void Embedded_migrations_are_numbered_from_one_without_gaps()
    {
        var migrations = PostgresMigrator.GetMigrations();

        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("0001_grain_state.sql", migrations[0].FileName);
        Assert.Contains("netra_grain_state", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_runs_twice_without_error()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("migrate_twice");
        try
        {
            var migrator = new PostgresMigrator(connectionString);

            await migrator.InitializeAsync(default);
            await migrator.InitializeAsync(default);

            Assert.Equal(PostgresMigrator.GetMigrations().Select(m => m.Version), await AppliedVersionsAsync(connectionString));
        }
        finally
        {
            await fixture.Server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Four_migrators_at_once_on_a_fresh_database_all_succeed_and_apply_the_schema_once()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync("migrate_concurrently");
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var migrators = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                await new PostgresMigrator(connectionString).InitializeAsync(default);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(migrators);

            Assert.Equal(PostgresMigrator.GetMigrations().Select(m => m.Version), await AppliedVersionsAsync(connectionString));
            await using var storage = new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = connectionString });
            Assert.Equal("1", await storage.WriteAsync(PostgresGrainStorageTests.NewGrain(), "state", PostgresGrainStorageTests.Json(1), null, default));
        }
        finally
        {
            await fixture.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<List<int>> AppliedVersionsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT version FROM netra_schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
