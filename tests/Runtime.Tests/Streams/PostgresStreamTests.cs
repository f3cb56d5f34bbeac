using Microsoft.Extensions.Options;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Streams;
using Netra.Runtime.Streams.Postgres;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Runtime.Tests.Streams;

/// <summary>The PostgreSQL stream log against a real server.</summary>
public sealed class PostgresStreamTests : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private string _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetSharedAsync();
        _database = await _server.CreateDatabaseAsync("streams");
        await new PostgresMigrator(_database).InitializeAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(_database);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task An_append_from_a_stale_view_changes_nothing_and_fails()
    {
        var log = Log(new StreamOptions());
        var stream = new StreamId("test", "stale");
        await log.AppendAsync(stream, 0, Records(1, 3), CancellationToken.None);

        await Assert.ThrowsAsync<StreamConflictException>(() => log.AppendAsync(stream, 1, Records(2, 2), CancellationToken.None));
        await Assert.ThrowsAsync<StreamConflictException>(() => log.AppendAsync(stream, 0, Records(1, 1), CancellationToken.None));

        var read = await log.ReadAsync(stream, 0, 100, CancellationToken.None);
        Assert.Equal(3, read.LastSequence);
        Assert.Equal([1L, 2L, 3L], read.Items.Select(i => i.Sequence));
        Assert.Equal("item-2", System.Text.Encoding.UTF8.GetString(read.Items[1].Payload));
    }

    [Fact]
    public async Task Numbering_goes_on_after_retention_trims_every_item()
    {
        var options = new StreamOptions { MaxItemsPerStream = 2 };
        var log = Log(options);
        var stream = new StreamId("test", "trimmed");
        await log.AppendAsync(stream, 0, Records(1, 5), CancellationToken.None);

        await log.TrimAsync(stream, 5, DateTimeOffset.UtcNow.AddDays(-7), CancellationToken.None);

        Assert.Equal(5, await log.GetLastSequenceAsync(stream, CancellationToken.None));
        var read = await log.ReadAsync(stream, 0, 100, CancellationToken.None);
        Assert.Empty(read.Items);
        Assert.Equal(6, read.FirstRetained);
        await log.AppendAsync(stream, 5, Records(6, 1), CancellationToken.None);
        Assert.Equal(6, (await log.ReadAsync(stream, 0, 100, CancellationToken.None)).Items.Single().Sequence);
    }

    [Fact]
    public async Task Reads_keep_to_the_count_limit_and_the_age_limit()
    {
        var log = Log(new StreamOptions { MaxItemsPerStream = 3, Retention = TimeSpan.FromHours(1) });
        var stream = new StreamId("test", "limits");
        var old = DateTimeOffset.UtcNow.AddHours(-2);
        await log.AppendAsync(stream, 0, Records(1, 2, old), CancellationToken.None);
        await log.AppendAsync(stream, 2, Records(3, 4), CancellationToken.None);

        var read = await log.ReadAsync(stream, 0, 100, CancellationToken.None);

        Assert.Equal([4L, 5L, 6L], read.Items.Select(i => i.Sequence));
        Assert.Equal(4, read.FirstRetained);
    }

    private PostgresStreamLog Log(StreamOptions options) => new(_dataSource, Options.Create(options));

    private static List<StreamRecord> Records(long first, int count, DateTimeOffset? at = null) =>
        [.. Enumerable.Range(0, count).Select(i => new StreamRecord(first + i, System.Text.Encoding.UTF8.GetBytes($"item-{first + i}"), at ?? DateTimeOffset.UtcNow))];
}
