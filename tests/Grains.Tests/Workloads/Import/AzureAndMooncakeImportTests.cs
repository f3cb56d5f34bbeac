using System.Text;
using Netra.Grains.Workloads.Ingestion.Import;

namespace Netra.Grains.Tests.Workloads.Import;

public sealed class AzureAndMooncakeImportTests
{
    private readonly ImportHarness _harness = new();

    [Fact]
    public async Task Azure_csv_reads_the_header_crlf_and_seven_fractional_digits_with_the_default_model_and_dataset()
    {
        var result = await _harness.ImportAsync(
            "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,374,44\r\n2023-11-16 18:15:50,1020,129\r\n",
            ImportHarness.Settings(TraceFormats.AzureCsv));

        Assert.Equal((2L, 0L, 0L), (result.Accepted, result.Rejected, result.Skipped));
        Assert.Equal(("azure-csv", "unknown"), (result.Dataset, result.DefaultModel));
        var stored = await _harness.StoredAsync();
        Assert.Equal(new DateTimeOffset(2023, 11, 16, 18, 15, 46, 680, TimeSpan.Zero), stored[0].Timestamp); // the store keeps milliseconds
        Assert.Equal((374L, 44L, "unknown", "ok", "azure-csv"), (stored[0].InputTokens, stored[0].OutputTokens, stored[0].Model, stored[0].Status, stored[0].Dataset));
        Assert.Null(stored[0].CostUsd); // "unknown" is not a catalog model: no cost is invented
        Assert.Equal((1020L, 129L), (stored[1].InputTokens, stored[1].OutputTokens));
    }

    [Fact]
    public async Task Azure_csv_with_a_catalog_model_gets_its_provider_and_price_and_columns_are_found_by_name()
    {
        var result = await _harness.ImportAsync(
            "GeneratedTokens,TIMESTAMP,ContextTokens\n1000000,2023-11-16 18:15:46.1,0\n",
            ImportHarness.Settings(TraceFormats.AzureCsv, model: "gpt-4o-mini", dataset: "conv"));

        Assert.Equal(1, result.Accepted);
        var e = Assert.Single(await _harness.StoredAsync());
        Assert.Equal(("openai", "conv", 0L, 1_000_000L, 0.60m), (e.Provider, e.Dataset, e.InputTokens, e.OutputTokens, e.CostUsd));
    }

    [Fact]
    public async Task Azure_csv_bad_rows_are_rejected_by_line_and_good_rows_are_kept()
    {
        var result = await _harness.ImportAsync(
            string.Join("\n",
                "TIMESTAMP,ContextTokens,GeneratedTokens",
                "2023-11-16 18:15:46.6805900,374,44",
                "yesterday,1,1",
                "2023-11-16 18:15:47.0,-5,1",
                "",
                "2023-11-16 18:15:47.0,5,x",
                "2023-11-16 18:15:47.0,5",
                "2023-11-16 18:15:47.0,5,6,7",
                "2023-11-16 18:15:48.0000001,10,20"),
            ImportHarness.Settings(TraceFormats.AzureCsv));

        Assert.Equal((2L, 5L), (result.Accepted, result.Rejected));
        Assert.Equal([3, 4, 6, 7, 8], result.Errors.Select(e => e.Line));
        Assert.StartsWith("TIMESTAMP must be", result.Errors[0].Reason);
        Assert.Equal("ContextTokens must be a non-negative integer", result.Errors[1].Reason);
        Assert.Equal("GeneratedTokens must be a non-negative integer", result.Errors[2].Reason);
        Assert.Equal("expected 3 comma-separated columns", result.Errors[3].Reason);
        Assert.Equal(2, (await _harness.StoredAsync()).Count);
    }

    [Fact]
    public async Task Mooncake_offsets_count_from_the_start_and_hash_ids_become_prefix_hashes()
    {
        var result = await _harness.ImportAsync(
            """
            {"timestamp": 0, "input_length": 1000, "output_length": 6, "hash_ids": [0, 1]}
            {"timestamp": 1500, "input_length": 512, "output_length": 7, "hash_ids": [0], "extra": {"ignored": [1]}}
            {"timestamp": 1600, "input_length": 513, "output_length": 7, "hash_ids": [0]}
            {"timestamp": 1700, "input_length": 10, "output_length": 7, "hash_ids": [0, "x"]}
            {"timestamp": 1800, "output_length": 7, "hash_ids": []}
            {"timestamp": 1900, "input_length": 10, "output_length": 7
            """,
            ImportHarness.Settings(TraceFormats.MooncakeJsonl, model: "mooncake", start: "2026-01-01T00:00:00Z"));

        Assert.Equal((2L, 4L, "mooncake-jsonl"), (result.Accepted, result.Rejected, result.Dataset));
        Assert.Equal([3, 4, 5, 6], result.Errors.Select(e => e.Line));
        Assert.Contains("hash_ids has 1 blocks, but input_length 513 in blocks of 512 tokens needs 2", result.Errors[0].Reason);
        Assert.Equal("hash_ids must hold 64-bit integers only", result.Errors[1].Reason);
        Assert.Equal("input_length is required", result.Errors[2].Reason);
        Assert.StartsWith("not valid JSON", result.Errors[3].Reason);
        var stored = await _harness.StoredAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, 500, TimeSpan.Zero), stored[1].Timestamp);
        Assert.Equal([0L, 1L], stored[0].PrefixHashes!);
        Assert.Equal(("mooncake", 1000L, 6L), (stored[0].Model, stored[0].InputTokens, stored[0].OutputTokens));
    }

    [Fact]
    public async Task Mooncake_block_size_changes_how_many_hash_ids_a_row_needs()
    {
        var result = await _harness.ImportAsync(
            """{"timestamp": 0, "input_length": 1000, "output_length": 6, "hash_ids": [0, 1, 2, 3]}""",
            ImportHarness.Settings(TraceFormats.MooncakeJsonl, blockSize: "256"));

        Assert.Equal(1, result.Accepted);
        Assert.Equal(TraceImportSettings.DefaultStart, Assert.Single(await _harness.StoredAsync()).Timestamp);
    }

    [Theory]
    [InlineData(null, null, null, null, null, "format must be one of azure-csv, mooncake-jsonl, otlp-json")]
    [InlineData("csv", null, null, null, null, "format must be one of")]
    [InlineData("azure-csv", "", null, null, null, "model must have")]
    [InlineData("azure-csv", null, "../x", null, null, "dataset must have")]
    [InlineData("azure-csv", null, null, "512", null, "block_size and start apply to mooncake-jsonl only")]
    [InlineData("mooncake-jsonl", null, null, "0", null, "block_size must be")]
    [InlineData("mooncake-jsonl", null, null, "abc", null, "block_size must be")]
    [InlineData("mooncake-jsonl", null, null, null, "soon", "start must be")]
    public void Import_parameters_are_validated(string? format, string? model, string? dataset, string? blockSize, string? start, string error)
    {
        Assert.StartsWith(error, TraceImportSettings.TryCreate(format, model, dataset, blockSize, start, out var settings));
        Assert.Null(settings);
    }

    [Fact]
    public async Task Rows_beyond_the_users_capacity_are_rejected_by_line_across_batches_and_only_the_first_ten_errors_are_listed()
    {
        var harness = new ImportHarness(maxEventsPerUser: 5_123);
        var rows = Enumerable.Range(0, 12_000).Select(i => i == 2 ? "bad" : $"2023-11-16 18:15:46.{i:D7},{i},1");
        var body = "TIMESTAMP,ContextTokens,GeneratedTokens\n" + string.Join("\n", rows);

        var result = await harness.ImportAsync(body, ImportHarness.Settings(TraceFormats.AzureCsv));

        Assert.Equal((5_123L, 12_000L - 5_123), (result.Accepted, result.Rejected));
        Assert.Equal([4, .. Enumerable.Range(5_126, 9)], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors.Skip(1), e => Assert.Contains("store is full", e.Reason));
        Assert.Equal(5_123, (await harness.StoredAsync()).Count);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_rejected_and_the_next_line_still_reads()
    {
        var body = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n")
            .Append('9', LineReader.MaxLineBytes + 100_000).Append('\n')
            .Append("2023-11-16 18:15:46.1,1,2\n").ToString();

        var result = await _harness.ImportAsync(body, ImportHarness.Settings(TraceFormats.AzureCsv));

        Assert.Equal((1L, 1L), (result.Accepted, result.Rejected));
        Assert.Equal(2, result.Errors[0].Line);
        Assert.Contains("longer than", result.Errors[0].Reason);
        Assert.Equal(1L, Assert.Single(await _harness.StoredAsync()).InputTokens);
    }
}
