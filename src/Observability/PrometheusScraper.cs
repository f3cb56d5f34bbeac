using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Netra.Observability;

/// <summary>
/// A pull reader for <c>/metrics</c>: each scrape collects the meters once, cumulatively, and renders them with
/// <see cref="PrometheusText"/>. Scrapes are serialized, so two at once each get a whole, consistent page.
/// </summary>
public sealed class PrometheusScraper
{
    private readonly Lock _gate = new();
    private readonly RenderingExporter _exporter = new();

    /// <summary>The reader to add to the meter provider.</summary>
    public MetricReader Reader { get; }

    /// <summary>Creates the scraper and its reader.</summary>
    public PrometheusScraper()
    {
        Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    /// <summary>Collects now and returns the page; empty when the provider is gone.</summary>
    public string Scrape()
    {
        lock (_gate)
        {
            _exporter.Text.Clear();
            return Reader.Collect() ? _exporter.Text.ToString() : "";
        }
    }

    // No [ExportModes(Pull)]: the SDK's pull mode expects its internal pull-exporter interface; a plain exporter on a
    // BaseExportingMetricReader is exported to exactly when Collect is called, which is the pull this needs.
    private sealed class RenderingExporter : BaseExporter<Metric>
    {
        public StringBuilder Text { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            PrometheusText.Write(Text, batch);
            return ExportResult.Success;
        }
    }
}
