using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;
using Npgsql;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>The invariants hold in the database itself, whoever writes: not only through <see cref="PostgresMembershipTable"/>.</summary>
public sealed class PostgresMembershipSchemaTests(PostgresMembershipFixture fixture) : IClassFixture<PostgresMembershipFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Database_rejects_a_second_live_row_for_one_address_and_port()
    {
        var clusterId = await ClusterWithOneActiveRowAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            "INSERT INTO netra_membership (cluster_id, address, port, generation, silo_name, status, start_time, i_am_alive, row_version) "
            + "VALUES ($1, '10.0.0.1', 1, 2, 'x', 2, now(), now(), 1)", clusterId));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("netra_membership_one_live_row_per_endpoint", error.ConstraintName);
    }

    [Fact]
    public async Task Database_refuses_to_bring_a_dead_row_back()
    {
        var clusterId = await ClusterWithOneActiveRowAsync();
        await ExecuteAsync("UPDATE netra_membership SET status = 4 WHERE cluster_id = $1", clusterId);

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => ExecuteAsync("UPDATE netra_membership SET status = 2 WHERE cluster_id = $1", clusterId));

        Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, error.SqlState);
        Assert.Contains("Dead is final", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_insert_rolls_back_its_version_bump()
    {
        var clusterId = await ClusterWithOneActiveRowAsync();
        var table = new PostgresMembershipTable(fixture.DataSource, clusterId);

        var second = new MembershipEntry(new SiloAddress("10.0.0.1", 1, 2), "x", SiloStatus.Active, T0, T0);
        Assert.False(await table.InsertRowAsync(second, 1, default));

        Assert.Equal(1, (await table.ReadAllAsync(default)).Version);
    }

    private async Task<string> ClusterWithOneActiveRowAsync()
    {
        var clusterId = "c-" + Guid.NewGuid().ToString("N");
        var table = new PostgresMembershipTable(fixture.DataSource, clusterId);
        var row = new MembershipEntry(new SiloAddress("10.0.0.1", 1, 1), "x", SiloStatus.Active, T0, T0);
        Assert.True(await table.InsertRowAsync(row, 0, default));
        return clusterId;
    }

    private async Task ExecuteAsync(string sql, string clusterId)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        await command.ExecuteNonQueryAsync();
    }
}
