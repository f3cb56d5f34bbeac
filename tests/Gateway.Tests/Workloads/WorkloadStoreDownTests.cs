using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Netra.Gateway.Tests.WebSockets;

namespace Netra.Gateway.Tests.Workloads;

/// <summary>When the ClickHouse store cannot be reached, ingestion and tools answer 503 in words after their retries, and nothing breaks.</summary>
public sealed class WorkloadStoreDownTests
{
    [Fact]
    public async Task With_clickhouse_down_ingestion_and_tools_answer_503_with_a_stable_code_and_a_retry_after()
    {
        var port = ChildPort();
        await using var gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Netra:Workloads:Store"] = "clickhouse",
            ["Netra:Workloads:ClickHouse:Url"] = $"http://127.0.0.1:{port}",
            ["Netra:Workloads:ClickHouse:MaxAttempts"] = "2",
            ["Netra:Workloads:ClickHouse:RetryBaseDelay"] = "00:00:00.050",
            ["Netra:Workloads:ClickHouse:Password"] = "s3cret-password",
        });
        using var http = gateway.Authorized(await gateway.TokenAsync($"down-{Guid.NewGuid():N}"));
        var line = "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"input_tokens\":10,\"output_tokens\":2}\n";

        var ingest = await http.PostAsync("/api/workloads/events", new StringContent(line, Encoding.UTF8, "application/x-ndjson"));
        var tool = await http.PostAsJsonAsync("/api/tools/cost_analyzer", new { });
        var health = await http.GetAsync("/health");

        foreach (var response in new[] { ingest, tool })
        {
            var body = await response.Content.ReadAsStringAsync();
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("workload_store_unavailable", problem.GetProperty("code").GetString());
            Assert.Contains("workload store is unavailable", problem.GetProperty("detail").GetString());
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            Assert.DoesNotContain("s3cret", body);
        }

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ChildPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
