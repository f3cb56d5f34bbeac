using System.Diagnostics.Metrics;
using Netra.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Netra.Gateway.Tests.Observability;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Counters_histograms_and_gauges_render_in_the_prometheus_text_format()
    {
        using var meter = new Meter($"Netra.Test.{Guid.NewGuid():N}");
        var scraper = new PrometheusScraper();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(scraper.Reader).Build();
        var runs = meter.CreateCounter<long>("netra.runs", description: "Runs finished");
        var duration = meter.CreateHistogram<double>("netra.run.duration", unit: "s", description: "Run time");
        var level = 7;
        meter.CreateObservableGauge("netra.queue.length", () => level, description: "Queued \"items\"");

        runs.Add(2, new KeyValuePair<string, object?>("status", "completed"));
        runs.Add(1, new KeyValuePair<string, object?>("status", "failed"));
        duration.Record(0.004);
        duration.Record(3);
        var page = scraper.Scrape();

        Assert.Contains("# TYPE netra_runs_total counter\n", page);
        Assert.Contains("netra_runs_total{status=\"completed\"} 2\n", page);
        Assert.Contains("netra_runs_total{status=\"failed\"} 1\n", page);
        Assert.Contains("# TYPE netra_run_duration_seconds histogram\n", page);
        Assert.Contains("netra_run_duration_seconds_bucket{le=\"0\"} 0\n", page);
        Assert.Contains("netra_run_duration_seconds_bucket{le=\"5\"} 2\n", page);
        Assert.Contains("netra_run_duration_seconds_bucket{le=\"+Inf\"} 2\n", page);
        Assert.Contains("netra_run_duration_seconds_count 2\n", page);
        Assert.Contains("netra_run_duration_seconds_sum 3.004\n", page);
        Assert.Contains("# HELP netra_queue_length Queued \"items\"\n", page);
        Assert.Contains("netra_queue_length 7\n", page);
    }

    [Fact]
    public void Names_become_legal_and_carry_their_unit_once()
    {
        Assert.Equal("gen_ai_client_token_usage_tokens", PrometheusText.Name("gen_ai.client.token.usage", "{token}", counter: false));
        Assert.Equal("http_server_request_duration_seconds", PrometheusText.Name("http.server.request.duration", "s", counter: false));
        Assert.Equal("netra_bytes_total", PrometheusText.Name("netra.bytes", "By", counter: true));
        Assert.Equal("_1st", PrometheusText.Name("1st", null, counter: false));
    }
}
