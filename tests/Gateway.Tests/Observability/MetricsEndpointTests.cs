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
