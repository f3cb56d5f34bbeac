using System.Text.Json;
using Netra.Runtime.Persistence.Postgres;

namespace Netra.Runtime.Tests.Persistence;

public sealed class PostgresGrainStorageTests(PostgresStorageFixture fixture) : IClassFixture<PostgresStorageFixture>
{
    private const string StateName = "state";

    private readonly PostgresGrainStorage _storage = fixture.Storage;

    [Fact]
    public async Task Written_payload_reads_back_with_the_returned_etag()
    {
        var grain = NewGrain();
        var state = new CartState("cart-1", [new CartLine("apple", 3), new CartLine("pear", 1)], 4.5m);

        var etag = await _storage.WriteAsync(grain, StateName, Serialize(state), null, default);
        var stored = await _storage.ReadAsync(grain, StateName, default);

        Assert.Equal(etag, stored.Etag);
        Assert.NotNull(stored.Payload);
        var read = JsonSerializer.Deserialize<CartState>(stored.Payload.Value.Span)!;
        Assert.Equal(state.Id, read.Id);
        Assert.Equal(state.Lines, read.Lines);
        Assert.Equal(state.Total, read.Total);
    }

    [Fact]
    public async Task Read_of_a_state_never_written_is_missing()
    {
        var stored = await _storage.ReadAsync(NewGrain(), StateName, default);

        Assert.Null(stored.Payload);
        Assert.Null(stored.Etag);
    }

    [Fact]
    public async Task Each_write_returns_a_higher_version()
    {
        var grain = NewGrain();

        var first = await _storage.WriteAsync(grain, StateName, Json(1), null, default);
        var second = await _storage.WriteAsync(grain, StateName, Json(2), first, default);
        var third = await _storage.WriteAsync(grain, StateName, Json(3), second, default);

        Assert.True(long.Parse(first) < long.Parse(second));
        Assert.True(long.Parse(second) < long.Parse(third));
        Assert.Equal(3, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task Second_insert_with_null_etag_conflicts()
    {
        var grain = NewGrain();
        var etag = await _storage.WriteAsync(grain, StateName, Json(1), null, default);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(2), null, default));

        Assert.Null(conflict.CurrentEtag);
        Assert.Equal(etag, conflict.StoredEtag);
        Assert.Contains(grain.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, conflict.Message, StringComparison.Ordinal);
        Assert.Equal(1, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task Write_with_a_stale_etag_conflicts_and_leaves_the_stored_value_unchanged()
    {
        var grain = NewGrain();
        var stale = await _storage.WriteAsync(grain, StateName, Json(1), null, default);
        var current = await _storage.WriteAsync(grain, StateName, Json(2), stale, default);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(99), stale, default));

        Assert.Equal(stale, conflict.CurrentEtag);
        Assert.Equal(current, conflict.StoredEtag);
        var stored = await _storage.ReadAsync(grain, StateName, default);
        Assert.Equal(current, stored.Etag);
        Assert.Equal(2, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task Write_with_an_etag_when_nothing_is_stored_conflicts()
    {
        var grain = NewGrain();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(1), "7", default));

        Assert.Null(conflict.StoredEtag);
        Assert.Equal(StoredState.Missing.Etag, (await _storage.ReadAsync(grain, StateName, default)).Etag);
    }

    [Fact]
    public async Task Write_with_an_etag_that_is_not_a_version_conflicts()
    {
        var grain = NewGrain();
        await _storage.WriteAsync(grain, StateName, Json(1), null, default);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(2), "1' OR '1'='1", default));

        Assert.Equal(1, await ReadNumberAsync(grain));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Of_20_concurrent_writers_with_the_same_etag_exactly_one_wins(bool rowExists)
    {
        const int writers = 20;
        var grain = NewGrain();
        var etag = rowExists ? await _storage.WriteAsync(grain, StateName, Json(-1), null, default) : null;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (Writer: i, Etag: await _storage.WriteAsync(grain, StateName, Json(i), etag, default), Error: (Exception?)null);
            }
            catch (Exception exception)
            {
                return (Writer: i, Etag: (string?)null, Error: exception);
            }
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Error is null);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.IsType<InconsistentStateException>(r.Error));
        var stored = await _storage.ReadAsync(grain, StateName, default);
        Assert.Equal(winner.Etag, stored.Etag);
        Assert.Equal(winner.Writer, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task Clear_leaves_a_tombstone_that_the_pre_clear_etag_no_longer_matches()
    {
        var grain = NewGrain();
        var beforeClear = await _storage.WriteAsync(grain, StateName, Json(1), null, default);

        var tombstone = await _storage.ClearAsync(grain, StateName, beforeClear, default);

        var stored = await _storage.ReadAsync(grain, StateName, default);
        Assert.Null(stored.Payload);
        Assert.NotNull(tombstone);
        Assert.Equal(tombstone, stored.Etag);
        Assert.NotEqual(beforeClear, tombstone);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(2), beforeClear, default));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteAsync(grain, StateName, Json(2), null, default));

        var afterClear = await _storage.WriteAsync(grain, StateName, Json(3), tombstone, default);
        Assert.True(long.Parse(afterClear) > long.Parse(tombstone));
        Assert.Equal(3, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task Clear_with_null_etag_when_nothing_is_stored_does_nothing()
    {
        var grain = NewGrain();

        var etag = await _storage.ClearAsync(grain, StateName, null, default);

        Assert.Null(etag);
        Assert.Null((await _storage.ReadAsync(grain, StateName, default)).Etag);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_conflicts_and_keeps_the_payload()
    {
        var grain = NewGrain();
        var stale = await _storage.WriteAsync(grain, StateName, Json(1), null, default);
        await _storage.WriteAsync(grain, StateName, Json(2), stale, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(grain, StateName, stale, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(grain, StateName, null, default));

        Assert.Equal(2, await ReadNumberAsync(grain));
    }

    [Fact]
    public async Task States_of_different_grains_state_names_and_types_do_not_interfere()
    {
        var key = Guid.NewGuid().ToString("N");
        var ids = new[]
        {
            (Grain: GrainId.Create("CartGrain", key), State: "cart"),
            (Grain: GrainId.Create("CartGrain", key), State: "audit"),
            (Grain: GrainId.Create("CartGrain", key + "x"), State: "cart"),
            (Grain: GrainId.Create("UserGrain", key), State: "cart"),
        };

        for (var i = 0; i < ids.Length; i++)
        {
            await _storage.WriteAsync(ids[i].Grain, ids[i].State, Json(i), null, default);
        }

        await _storage.ClearAsync(ids[0].Grain, ids[0].State, "1", default);

        Assert.Null((await _storage.ReadAsync(ids[0].Grain, ids[0].State, default)).Payload);
        for (var i = 1; i < ids.Length; i++)
        {
            var stored = await _storage.ReadAsync(ids[i].Grain, ids[i].State, default);
            Assert.Equal("1", stored.Etag);
            Assert.Equal(i, JsonSerializer.Deserialize<NumberState>(stored.Payload!.Value.Span)!.Number);
        }
    }

    [Fact]
    public async Task Keys_and_payloads_with_quotes_and_unicode_round_trip()
    {
        var grain = GrainId.Create("Grain'\"; DROP TABLE netra_grain_state; --", $"O'Brien \"日本語\" 🚀 {Guid.NewGuid():N} \\ $1");
        const string state = "state'); DELETE FROM netra_grain_state; --";
        var text = "Zoë says \"héllo\" — 'quotes', \\backslash\\, emoji 🚀, newline\n, tab\t, $1 ?";
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TextState(text));

        var etag = await _storage.WriteAsync(grain, state, payload, null, default);
        var stored = await _storage.ReadAsync(grain, state, default);

        Assert.Equal(etag, stored.Etag);
        Assert.Equal(text, JsonSerializer.Deserialize<TextState>(stored.Payload!.Value.Span)!.Text);
        Assert.Null((await _storage.ReadAsync(grain with { Key = grain.Key + " " }, state, default)).Etag);
    }

    internal static GrainId NewGrain() => GrainId.Create("TestGrain", Guid.NewGuid());

    internal static byte[] Json(int number) => JsonSerializer.SerializeToUtf8Bytes(new NumberState(number));

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private async Task<int> ReadNumberAsync(GrainId grain)
    {
        var stored = await _storage.ReadAsync(grain, StateName, default);
        return JsonSerializer.Deserialize<NumberState>(stored.Payload!.Value.Span)!.Number;
    }

    public sealed record NumberState(int Number);

    public sealed record TextState(string Text);

    public sealed record CartLine(string Sku, int Quantity);

    public sealed record CartState(string Id, List<CartLine> Lines, decimal Total);
}
