using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using static Netra.Gateway.Tests.Workloads.WorkloadEvents;

namespace Netra.Gateway.Tests.Workloads;

/// <summary>The gateway with a 2 KB ingestion limit and a 2 KB import limit.</summary>
public sealed class SmallBodyGateway : IDisposable
{
    private readonly GatewayApplication _gateway = new();

    public SmallBodyGateway() =>
        App = _gateway.WithWebHostBuilder(b => b.UseSetting("Netra:Workloads:MaxIngestBytes", "2048").UseSetting("Netra:Workloads:MaxImportBytes", "2048").UseSetting("Netra:Workloads:DemoData", "false"));

    public WebApplicationFactory<Program> App { get; }

    public void Dispose()
    {
        App.Dispose();
        _gateway.Dispose();
    }
}

public sealed class WorkloadsLimitTests(SmallBodyGateway gateway) : IClassFixture<SmallBodyGateway>
{
    [Fact]
    public async Task A_body_over_the_limit_is_413_and_stores_nothing()
    {
        var client = await gateway.App.CreateUserAsync();
        var lines = Enumerable.Range(0, 40).Select(i => Line("big", i % 60)).ToArray();

        var response = await client.PostAsync("/api/workloads/events", Ndjson(lines));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await response.ReadProblemCodeAsync());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).GetArrayLength());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        var client = await gateway.App.CreateUserAsync();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 40).Select(i => Line("big", i % 60))));
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/x-ndjson");

        var response = await client.PostAsync("/api/workloads/events", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await response.ReadProblemCodeAsync());
    }

    [Fact]
    public async Task A_body_under_the_limit_is_stored_and_demo_data_can_be_turned_off()
    {
        var client = await gateway.App.CreateUserAsync();

        var body = await PostAsync(client, Line("small", 0), Line("small", 1));

        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(["small"], (await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_import_over_its_limit_is_413_declared_or_found_while_streaming()
    {
        var client = await gateway.App.CreateUserAsync();
        var csv = Encoding.UTF8.GetBytes("TIMESTAMP,ContextTokens,GeneratedTokens\n" + string.Concat(Enumerable.Repeat("2023-11-16 18:15:46.6805900,374,44\n", 100)));
        var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(csv);
        }

        var declared = await client.PostAsync("/api/workloads/import?format=azure-csv", new ByteArrayContent(csv));
        var compressed = new ByteArrayContent(zipped.ToArray());
        compressed.Headers.ContentEncoding.Add("gzip");
        var streamed = await client.PostAsync("/api/workloads/import?format=azure-csv&dataset=zipped", compressed);

        Assert.True(zipped.Length < 2048);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (declared.StatusCode, streamed.StatusCode));
        Assert.Equal("payload_too_large", await declared.ReadProblemCodeAsync());
        Assert.Contains("before the limit are stored in dataset 'zipped'", (await streamed.ReadProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).GetArrayLength());
    }

    /// <summary>A stream that hides its length, so the client sends it chunked with no Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
