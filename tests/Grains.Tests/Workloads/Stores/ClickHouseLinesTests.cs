using System.Text;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>The reader of large aggregation answers: UTF-8 lines split in one pooled buffer, parsed without a document per row.</summary>
public sealed class ClickHouseLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Rows_split_across_reads_of_any_size_are_each_parsed_once(int chunk)
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => $$"""{"k0":"model-{{i}}","k1":null,"m0":{{i}},"m1":{{i}}.5,"m2":null}""").ToList();
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), chunk);

        var rows = await ClickHouseLines.ReadAllAsync("test", body, row => ClickHouseQueryRows.Parse(row, keys: 2, measures: 3), CancellationToken.None);

        Assert.Equal(20_000, rows.Count);
        Assert.Equal(["model-12345", null], rows[12_345].Keys);
        Assert.Equal([12_345, 12_345.5, null], rows[12_345].Values);
    }

    [Fact]
    public async Task A_row_longer_than_the_buffer_and_a_last_row_without_a_newline_are_read()
    {
        var key = new string('x', 200_000) + "ü😀\\\"";
        var text = $$"""{"k0":"{{key.Replace("\\", "\\\\").Replace("\"", "\\\"")}}","m0":1}""" + "\n" + """{"m0":2,"k0":"b","extra":[1,{"a":2}]}""";
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(text), 1000);

        var rows = await ClickHouseLines.ReadAllAsync("test", body, row => ClickHouseQueryRows.Parse(row, keys: 1, measures: 1), CancellationToken.None);

        Assert.Equal([key, "b"], rows.Select(r => r.Keys[0]));
        Assert.Equal([1.0, 2.0], rows.Select(r => r.Values[0]));
    }

    [Fact]
    public async Task A_key_repeated_in_one_answer_is_one_string_and_escaped_keys_are_decoded()
    {
        var query = new WorkloadQuery(new WorkloadFilter(), [WorkloadDimension.Model, WorkloadDimension.Feature], [Measure.Count()]);
        var text = """
            {"k0":"gpt-4o","k1":"chat","m0":1}
            {"k0":"gpt-4o","k1":"say \"hi\"","m0":2}
            {"k0":"gpt-4o","k1":"chat","m0":3}
            """;
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(text), 5);

        var rows = await ClickHouseLines.ReadAllAsync("test", body, ClickHouseQueryRows.For(query), CancellationToken.None);

        Assert.Equal(["chat", "say \"hi\"", "chat"], rows.Select(r => r.Keys[1]));
        Assert.Same(rows[0].Keys[0], rows[2].Keys[0]);
        Assert.Same(rows[0].Keys[1], rows[2].Keys[1]);
    }

    [Theory]
    [InlineData("""{"k0":"a","m0":1}""" + "\nCode: 241, e.displayText() = DB::Exception: Memory limit exceeded\n", "Memory limit exceeded")]
    [InlineData("""{"k0":"a","m0":1}""" + "\n" + """{"k0":"b","m0":""" + "Code: 159, e.displayText() = DB::Exception: Timeout exceeded", "Timeout exceeded")]
    public async Task An_error_that_ClickHouse_appends_after_rows_is_thrown_with_its_text(string text, string expected)
    {
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(text), 16);

        var failure = await Assert.ThrowsAsync<WorkloadStoreUnavailableException>(() =>
            ClickHouseLines.ReadAllAsync("query", body, row => ClickHouseQueryRows.Parse(row, keys: 1, measures: 1), CancellationToken.None));

        Assert.Contains("ClickHouse failed while streaming query", failure.Message);
        Assert.Contains(expected, failure.Message);
    }

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, as a socket may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
