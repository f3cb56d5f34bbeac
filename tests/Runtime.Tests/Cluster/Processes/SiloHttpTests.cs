using System.Net;
using System.Text.Json;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>A silo process's small HTTP port: liveness, readiness with its dependencies, and metrics.</summary>
public sealed class SiloHttpTests
{
    [Fact]
    public async Task A_silo_process_serves_health_readiness_and_metrics_on_its_http_port()
    {
        var port = SiloProcess.FreePort();
        await using var cluster = await SiloProcessCluster.StartAsync(1, new Dictionary<string, string> { ["Netra:Silo:HttpUrls"] = $"http://127.0.0.1:{port}" });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };

            // The port opens once every hosted service has started, a moment after the silo turned Active.
            var live = await AnswerAsync(http, "/health");
            var ready = await http.GetAsync("/health/ready");
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            var metrics = await http.GetStringAsync("/metrics");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("healthy", body.GetProperty("dependencies").GetProperty("membership").GetProperty("status").GetString());
            Assert.Equal("healthy", body.GetProperty("dependencies").GetProperty("grains").GetProperty("status").GetString());
            Assert.Empty(body.GetProperty("failing").EnumerateArray());
            Assert.Contains("# TYPE dotnet_gc_collections_total counter", metrics);
        }
        catch (Exception failure)
        {
            throw cluster.WithSiloOutput(failure);
        }
    }

    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient http, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await http.GetAsync(path);
            }
            catch (HttpRequestException) when (attempt < 150)
            {
                await Task.Delay(200);
            }
        }
    }
}
