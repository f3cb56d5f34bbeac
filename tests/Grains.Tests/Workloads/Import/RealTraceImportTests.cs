using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.Ingestion;
using Netra.Grains.Workloads.Ingestion.Import;

namespace Netra.Grains.Tests.Workloads.Import;

/// <summary>
/// The public traces of ../shared/data/traces imported through the real path (parser, batches, embedded store) and
/// analysed by the tools through the tool runner, against the figures in that folder's README.md.
/// </summary>
public sealed class RealTraceImportTests
{
    private readonly ToolHarness _tools = new();

    /// <summary>Imports the file through the real import path into both of the harness's stores.</summary>
    private Task<ImportResult> ImportAsync(string file, TraceImportSettings settings) =>
        _tools.WriteBothAsync(async (store, user) =>
        {
            var ingestion = new WorkloadIngestion(store, ModelCatalog.Default, NullLogger<WorkloadIngestion>.Instance);
            await using var body = File.OpenRead(TraceFiles.PathOf(file));
            return await ingestion.ImportAsync(user, body, settings, CancellationToken.None);
        });

    [TraceFact(TraceFiles.AzureConv)]
    public async Task The_azure_conversation_trace_imports_all_19366_rows_and_the_profiler_reproduces_the_published_token_statistics()
    {
        var result = await ImportAsync(TraceFiles.AzureConv, ImportHarness.Settings(TraceFormats.AzureCsv));

        Assert.Equal((19_366L, 0L, 0L, "azure-csv"), (result.Accepted, result.Rejected, result.Skipped, result.Dataset));
        var (_, data) = await _tools.RunAsync("workload_profiler", new { dataset = "azure-csv" });
        Assert.Equal(19_366, data.GetProperty("requests").GetInt64());
        Assert.Equal(DateTimeOffset.Parse("2023-11-16T18:15:46.680Z"), data.GetProperty("first_timestamp").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2023-11-16T19:14:08.402Z"), data.GetProperty("last_timestamp").GetDateTimeOffset());
        // README: input mean 1154.7, median 1020, p99 4142; output mean 211.1, median 129, p99 601.
        Assert.Equal((1154.7, 1020.0, 4142.0), Stats(data.GetProperty("input_tokens")));
        Assert.Equal((211.1, 129.0, 601.0), Stats(data.GetProperty("output_tokens")));
        Assert.Equal(["unknown"], data.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [TraceFact(TraceFiles.Mooncake)]
    public async Task The_mooncake_trace_imports_all_3993_rows_with_the_published_means_and_prefix_reuse()
    {
        var result = await ImportAsync(TraceFiles.Mooncake, ImportHarness.Settings(TraceFormats.MooncakeJsonl, dataset: "mooncake"));

        Assert.Equal((3_993L, 0L), (result.Accepted, result.Rejected));
        var (_, profile) = await _tools.RunAsync("workload_profiler", new { dataset = "mooncake" });
        Assert.Equal(3_993, profile.GetProperty("requests").GetInt64());
        // README (and the Mooncake paper, Table 2): input mean 15,325.5 tokens, output mean 149.1.
        Assert.Equal(15_325.5, Math.Round(profile.GetProperty("input_tokens").GetProperty("mean").GetDouble(), 1));
        Assert.Equal(149.1, Math.Round(profile.GetProperty("output_tokens").GetProperty("mean").GetDouble(), 1));

        var (cache, data) = await _tools.RunAsync("kv_cache_finder", new { dataset = "mooncake" });

        // README: unbounded cache, request order: mean per-request 43.2%, token-weighted 65.1%, block-weighted 64.0%.
        var overall = data.GetProperty("overall");
        Assert.Equal(0.432, Math.Round(overall.GetProperty("mean_request_fraction").GetDouble(), 3));
        Assert.Equal(0.651, Math.Round(overall.GetProperty("token_weighted").GetDouble(), 3));
        Assert.Equal(0.640, Math.Round(overall.GetProperty("block_weighted").GetDouble(), 3));
        // The headline figure is the token-weighted one, and the tool says so.
        Assert.StartsWith("With an unbounded prefix cache, 65.1% of the input tokens", cache.Summary);
        Assert.Contains("token-weighted: hit tokens over input tokens", cache.Summary);
        Assert.Contains("token_weighted = Σ hit tokens / Σ input tokens", data.GetProperty("definition").GetString());
    }

    private static (double Mean, double P50, double P99) Stats(JsonElement distribution) =>
        (Math.Round(distribution.GetProperty("mean").GetDouble(), 1), distribution.GetProperty("p50").GetDouble(), distribution.GetProperty("p99").GetDouble());
}
