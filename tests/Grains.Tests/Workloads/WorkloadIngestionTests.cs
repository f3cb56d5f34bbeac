using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Ingestion;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads;

public sealed class WorkloadIngestionTests
{
    private const string Good = """{"timestamp":"2026-11-20T10:00:00.123Z","model":"gpt-4o-mini","input_tokens":1000000,"output_tokens":1000000,"cache_read_input_tokens":400000}""";

    private readonly EmbeddedWorkloadStore _store;
    private readonly WorkloadIngestion _ingestion;

    public WorkloadIngestionTests()
    {
        _store = new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions { MaxEventsPerUser = 5 }));
        _ingestion = new WorkloadIngestion(_store, ModelCatalog.Default, NullLogger<WorkloadIngestion>.Instance);
    }

    private Task<IngestResult> IngestAsync(params string[] lines) =>
        _ingestion.IngestNdjsonAsync("alice", Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), CancellationToken.None);

    private async Task<List<WorkloadEvent>> StoredAsync() =>
        await EmbeddedWorkloadStoreTests.ToListAsync(_store.ReadAsync("alice", WorkloadFilter.All, CancellationToken.None));

    [Fact]
    public async Task A_minimal_event_gets_status_ok_dataset_default_and_a_catalog_cost()
    {
        var result = await IngestAsync(Good);

        Assert.Equal((1, 0), (result.Accepted, result.Rejected));
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(("ok", "default"), (stored.Status, stored.Dataset));
        // gpt-4o-mini: 600k uncached × $0.15 + 400k cached × $0.075 + 1M output × $0.60, per 1M.
        Assert.Equal(0.09m + 0.03m + 0.60m, stored.CostUsd);
    }

    [Fact]
    public async Task Every_field_of_the_protocol_is_read()
    {
        await IngestAsync("""
            {"timestamp": "2026-11-20T10:00:00.123Z", "request_id": "r-1", "provider": "openai", "model": "gpt-4o-mini", "operation": "chat", "input_tokens": 1200, "output_tokens": 150, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 5, "latency_ms": 850, "ttft_ms": 210, "status": "timeout", "finish_reason": "stop", "cost_usd": 0.5, "feature": "support-bot", "end_user": "u-9", "session_id": "s-3", "dataset": "prod", "prompt_hash": "ab", "prefix_hashes": [17, 18, 19], "max_tokens": 512, "team": "support", "extra": "ignored"}
            """);

        var e = Assert.Single(await StoredAsync());
        Assert.Equal(
            new WorkloadEvent(new DateTimeOffset(2026, 11, 20, 10, 0, 0, 123, TimeSpan.Zero), "r-1", "openai", "gpt-4o-mini", "chat", 1200, 150, 0, 5, 850, 210,
                "timeout", "stop", 0.5m, "support-bot", "u-9", "s-3", "prod", "ab", e.PrefixHashes, 512, "support"),
            e);
        Assert.Equal([17L, 18L, 19L], e.PrefixHashes!);
    }

    [Fact]
    public async Task Bad_lines_are_rejected_with_their_line_numbers_and_never_affect_good_ones()
    {
        var result = await IngestAsync(
            Good,
            "not json",
            "",
            """{"model":"m","input_tokens":1,"output_tokens":1}""",
            """{"timestamp":"2026-11-20T10:00:00Z","model":"m","input_tokens":-1,"output_tokens":1}""",
            """{"timestamp":"2026-11-20T10:00:00Z","model":"m","input_tokens":1,"output_tokens":1,"status":"weird"}""",
            """{"timestamp":"2026-11-20T10:00:00Z","model":"m","input_tokens":1,"output_tokens":1,"dataset":"../etc"}""",
            "[1,2]",
            Good);

        Assert.Equal((2, 6), (result.Accepted, result.Rejected));
        Assert.Equal([2, 4, 5, 6, 7, 8], result.Errors.Select(e => e.Line));
        Assert.StartsWith("not valid JSON", result.Errors[0].Reason);
        Assert.Equal("timestamp is required", result.Errors[1].Reason);
        Assert.Equal("input_tokens must be a non-negative integer", result.Errors[2].Reason);
        Assert.Contains("status must be one of ok, error, rate_limited, timeout", result.Errors[3].Reason);
        Assert.StartsWith("dataset must have", result.Errors[4].Reason);
        Assert.Equal("an event must be a JSON object", result.Errors[5].Reason);
        Assert.Equal(2, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task An_unknown_model_without_a_cost_keeps_a_null_cost()
    {
        await IngestAsync("""{"timestamp":"2026-11-20T10:00:00Z","model":"in-house-7b","input_tokens":10,"output_tokens":1}""");

        Assert.Null(Assert.Single(await StoredAsync()).CostUsd);
    }

    [Fact]
    public async Task Events_beyond_the_users_capacity_are_rejected_by_line_not_dropped()
    {
        var result = await IngestAsync([.. Enumerable.Repeat(Good, 7)]);

        Assert.Equal((5, 2), (result.Accepted, result.Rejected));
        Assert.Equal([6, 7], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.Contains("full", e.Reason));
    }

    [Fact]
    public async Task Only_the_first_ten_errors_are_listed_but_all_are_counted()
    {
        var result = await IngestAsync([.. Enumerable.Repeat("{}", 25)]);

        Assert.Equal((0, 25), (result.Accepted, result.Rejected));
        Assert.Equal(Enumerable.Range(1, 10), result.Errors.Select(e => e.Line));
    }
}
