using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Netra.Gateway.Tests.Workloads;

public sealed class WorkloadsImportTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    private const string Csv = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.6805900,374,44\r\nnot a row\r\n2023-11-16 18:15:47.1000000,1020,129\r\n";

    private static StringContent Body(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Import_stores_good_rows_and_rejects_bad_ones_by_line()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync("/api/workloads/import?format=azure-csv&model=gpt-4o-mini&dataset=conv", Body(Csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32(), body.GetProperty("skipped").GetInt32()));
        Assert.Equal(("conv", "gpt-4o-mini"), (body.GetProperty("dataset").GetString(), body.GetProperty("default_model").GetString()));
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/workloads/summary?dataset=conv");
        Assert.Equal(2, summary.GetProperty("requests").GetInt64());
        Assert.True(summary.GetProperty("cost_usd").GetDouble() > 0);
    }

    [Fact]
    public async Task Import_defaults_the_dataset_to_the_format_and_reads_a_gzip_body()
    {
        var client = await app.CreateUserAsync();
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("""{"timestamp": 5, "input_length": 600, "output_length": 3, "hash_ids": [1, 2]}""" + "\n"));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await client.PostAsync("/api/workloads/import?format=mooncake-jsonl&start=2026-01-01T00:00:00Z", content);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, "mooncake-jsonl", "unknown"), (body.GetProperty("accepted").GetInt32(), body.GetProperty("dataset").GetString(), body.GetProperty("default_model").GetString()));
        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets");
        var mooncake = datasets.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "mooncake-jsonl");
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 5, TimeSpan.Zero), mooncake.GetProperty("first_timestamp").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("/api/workloads/import", "format must be one of")]
    [InlineData("/api/workloads/import?format=parquet", "format must be one of")]
    [InlineData("/api/workloads/import?format=azure-csv&dataset=a%20b", "dataset must have")]
    [InlineData("/api/workloads/import?format=mooncake-jsonl&block_size=-1", "block_size must be")]
    public async Task Bad_import_parameters_are_400_with_a_code(string url, string detail)
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync(url, Body(Csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("invalid_import_parameters", problem.GetProperty("code").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_image_is_415()
    {
        var client = await app.CreateUserAsync();
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("image/png");

        var response = await client.PostAsync("/api/workloads/import?format=azure-csv", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Import_needs_a_token()
    {
        var response = await app.CreateClient().PostAsync("/api/workloads/import?format=azure-csv", Body(Csv));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [GatewayTraceFact(GatewayTraceFiles.AzureConv)]
    public async Task The_azure_trace_imports_through_the_endpoint_with_every_row_and_the_published_statistics()
    {
        var client = await app.CreateUserAsync();
        await using var file = File.OpenRead(GatewayTraceFiles.PathOf(GatewayTraceFiles.AzureConv));

        var response = await client.PostAsync("/api/workloads/import?format=azure-csv&dataset=azure-conv", new StreamContent(file));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((19_366, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/workloads/summary?dataset=azure-conv");
        var input = summary.GetProperty("input_tokens");
        var output = summary.GetProperty("output_tokens");
        Assert.Equal((19_366L, 1154.7, 1020.0, 4142.0), (summary.GetProperty("requests").GetInt64(), Math.Round(input.GetProperty("mean").GetDouble(), 1),
            input.GetProperty("p50").GetDouble(), input.GetProperty("p99").GetDouble()));
        Assert.Equal((211.1, 129.0, 601.0), (Math.Round(output.GetProperty("mean").GetDouble(), 1), output.GetProperty("p50").GetDouble(), output.GetProperty("p99").GetDouble()));
    }
}
