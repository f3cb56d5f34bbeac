using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Netra.Gateway.Tests.WebSockets;

namespace Netra.Gateway.Tests.Observability;

/// <summary><c>/metrics</c> on a real gateway: the counters move with what the gateway did.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_without_a_token_and_count_finished_runs_and_http_requests()
    {
        await using var gateway = new KestrelGateway();
        using var http = gateway.Authorized(await gateway.TokenAsync($"metrics-{Guid.NewGuid():N}"));
        var before = Value(await ScrapeAsync(gateway), "netra_runs_finished_total{status=\"completed\"}");
        var thread = (await (await http.PostAsJsonAsync("/api/threads", new { title = "m" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var run = (await (await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "where does my money go?" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString();
        await WaitForAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{run}")).GetProperty("status").GetString() == "completed");

        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        var response = await anonymous.GetAsync("/metrics");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        // Meters are process-wide, and other tests' gateways finish runs in this process too: at least ours counted.
        Assert.True(Value(page, "netra_runs_finished_total{status=\"completed\"}") >= before + 1, page);
        Assert.Contains("# TYPE netra_run_duration_seconds histogram", page);
        Assert.Contains("http_server_request_duration_seconds_count{", page);
        Assert.DoesNotContain("metrics-", page); // no user id in any label
    }

    [Fact]
    public async Task Grain_calls_activations_tools_ingestion_and_sockets_are_measured()
    {
        await using var gateway = new KestrelGateway();
        var token = await gateway.TokenAsync($"metrics-{Guid.NewGuid():N}");
        using var http = gateway.Authorized(token);
        var lines = "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"input_tokens\":10,\"output_tokens\":2}\nnot json\n";
        var ingested = await http.PostAsync("/api/workloads/events", new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson"));
        var tool = await http.PostAsJsonAsync("/api/tools/cost_analyzer", new { });
        await using var socket = await gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");

        var page = await ScrapeAsync(gateway);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ingested.StatusCode, tool.StatusCode));
        Assert.True(Value(page, "netra_workload_events_ingested_total{path=\"events\"}") >= 1, page);
        Assert.True(Value(page, "netra_workload_events_rejected_total{path=\"events\"}") >= 1, page);
        Assert.Contains("netra_tool_duration_seconds_count{outcome=\"ok\",tool=\"cost_analyzer\"}", page);
        Assert.Contains("netra_grain_calls_total{rpc_service=", page);
        Assert.True(Value(page, "netra_grain_activations") >= 1, page);
        Assert.Contains("# TYPE netra_grain_queued_requests gauge", page);
        Assert.True(Value(page, "netra_websocket_connections") >= 1, page);
    }

    private static async Task<string> ScrapeAsync(KestrelGateway gateway)
    {
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        return await anonymous.GetStringAsync("/metrics");
    }

    private static double Value(string page, string series) =>
        page.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
