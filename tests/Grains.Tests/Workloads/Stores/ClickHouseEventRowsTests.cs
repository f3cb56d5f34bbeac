using System.Text;
using Netra.Grains.Workloads.ClickHouse;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>Events streamed back from ClickHouse's JSONEachRow lines, read straight from UTF-8.</summary>
public sealed class ClickHouseEventRowsTests
{
    private const string Full = """
        {"dataset":"demo","ts_ms":1767571200123,"request_id":"r-1","provider":"openai","model":"gpt-4o","operation":"chat","input_tokens":1200,"output_tokens":80,"cache_read_input_tokens":1024,"cache_creation_input_tokens":0,"latency_ms":812.5,"ttft_ms":120,"status":"ok","finish_reason":"stop","cost_usd":0.0038,"feature":"search","end_user":"u\u00e9","session_id":"s-9","prompt_hash":"ab12","prefix_hashes":[7,-3,9223372036854775807],"has_prefix_hashes":1,"max_tokens":256,"team":"core","future_column":{"x":[1]}}
        """;

    private const string Sparse = """
        {"dataset":"demo","ts_ms":-5,"request_id":null,"provider":null,"model":"gpt-4o","operation":null,"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"latency_ms":null,"ttft_ms":null,"status":"error","finish_reason":null,"cost_usd":null,"feature":null,"end_user":null,"session_id":null,"prompt_hash":null,"prefix_hashes":[],"has_prefix_hashes":0,"max_tokens":null,"team":null}
        """;

    [Fact]
    public void Every_column_is_read_and_an_unknown_one_is_skipped()
    {
        var e = ClickHouseEventRows.Read(Encoding.UTF8.GetBytes(Full), new ClickHouseStrings());

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767571200123), e.Timestamp);
        Assert.Equal(("r-1", "openai", "gpt-4o", "chat", "demo"), (e.RequestId, e.Provider, e.Model, e.Operation, e.Dataset));
        Assert.Equal((1200L, 80L, 1024L, 0L), (e.InputTokens, e.OutputTokens, e.CacheReadInputTokens, e.CacheCreationInputTokens));
        Assert.Equal((812.5, 120.0), (e.LatencyMs, e.TtftMs));
        Assert.Equal(("ok", "stop", 0.0038m), (e.Status, e.FinishReason, e.CostUsd));
        Assert.Equal(("search", "ué", "s-9", "ab12", "core"), (e.Feature, e.EndUser, e.SessionId, e.PromptHash, e.Team));
        Assert.Equal([7L, -3L, long.MaxValue], e.PrefixHashes);
        Assert.Equal(256L, e.MaxTokens);
    }

    [Fact]
    public void Nulls_stay_null_and_no_prefix_is_null_rather_than_empty()
    {
        var e = ClickHouseEventRows.Read(Encoding.UTF8.GetBytes(Sparse), new ClickHouseStrings());

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(-5), e.Timestamp);
        Assert.Null(e.RequestId);
        Assert.Null(e.Provider);
        Assert.Null(e.LatencyMs);
        Assert.Null(e.CostUsd);
        Assert.Null(e.PrefixHashes);
        Assert.Null(e.MaxTokens);
        Assert.Null(e.Team);
    }

    [Theory]
    [InlineData("\"prefix_hashes\":[7,-3,9223372036854775807]", "\"prefix_hashes\":[7,\"x\",9]")]
    [InlineData("\"future_column\":{\"x\":[1]}}", "\"future_column\":{\"x\":[1]}} Code: 241, DB::Exception")]
    [InlineData("\"dataset\":\"demo\",", "\"dataset\":\"demo\",\"dataset\"")]
    public void A_row_that_is_not_one_whole_object_of_its_columns_is_refused(string part, string broken)
    {
        var row = Full.Replace(part, broken, StringComparison.Ordinal);
        Assert.NotEqual(Full, row);

        Assert.ThrowsAny<Exception>(() => ClickHouseEventRows.Read(Encoding.UTF8.GetBytes(row), new ClickHouseStrings()));
    }

    [Fact]
    public async Task A_stream_yields_every_event_in_order_and_repeated_models_are_one_string()
    {
        var text = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => Full.Replace("1767571200123", (1767571200000L + i).ToString(), StringComparison.Ordinal)));
        await using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var events = new List<Netra.Grains.Workloads.WorkloadEvent>();
        await foreach (var e in ClickHouseLines.StreamAsync("read events", body, ClickHouseEventRows.Reader(), CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => 1767571200000L + i), events.Select(e => e.Timestamp.ToUnixTimeMilliseconds()));
        Assert.Same(events[0].Model, events[4_999].Model);
        Assert.NotSame(events[0].RequestId, events[4_999].RequestId); // ids are not kept in the set
    }
}
