using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Netra.Observability;

/// <summary>
/// Writes OpenTelemetry metrics in the Prometheus text exposition format 0.0.4: names with dots turned into
/// underscores, the unit as a suffix, counters with <c>_total</c>, histograms as cumulative <c>_bucket</c> series
/// with <c>le</c>, plus <c>_sum</c> and <c>_count</c>. Written here because the Prometheus exporter package does not
/// restore from our feed.
/// </summary>
public static class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends every metric of <paramref name="batch"/> to <paramref name="text"/>.</summary>
    public static void Write(StringBuilder text, in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            Write(text, metric);
        }
    }

    /// <summary>Appends one metric, with its HELP and TYPE lines.</summary>
    public static void Write(StringBuilder text, Metric metric)
    {
        var type = metric.MetricType;
        var name = Name(metric.Name, metric.Unit, type.IsSum() && IsMonotonic(type));
        text.Append("# HELP ").Append(name).Append(' ').Append(Escape(metric.Description ?? "", help: true)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(TypeOf(type)).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            if (type.IsHistogram())
            {
                WriteHistogram(text, name, labels, point);
            }
            else
            {
                var value = type.IsSum()
                    ? type.IsDouble() ? point.GetSumDouble() : point.GetSumLong()
                    : type.IsDouble() ? point.GetGaugeLastValueDouble() : point.GetGaugeLastValueLong();
                Sample(text, name, labels, value);
            }
        }
    }

    /// <summary>The Prometheus name of an OpenTelemetry metric: legal characters, the unit, and <c>_total</c> for counters.</summary>
    public static string Name(string name, string? unit, bool counter)
    {
        var builder = new StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var suffix = Unit(unit);
        if (suffix.Length > 0 && !builder.ToString().EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            builder.Append('_').Append(suffix);
        }

        if (counter)
        {
            builder.Append("_total");
        }

        return builder.ToString();
    }

    private static void WriteHistogram(StringBuilder text, string name, string labels, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var le = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound);
            var withLe = labels.Length == 0 ? $"le=\"{le}\"" : $"{labels},le=\"{le}\"";
            Sample(text, name + "_bucket", withLe, cumulative);
        }

        Sample(text, name + "_sum", labels, point.GetHistogramSum());
        Sample(text, name + "_count", labels, point.GetHistogramCount());
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var builder = new StringBuilder();
        foreach (var tag in tags)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(Name(tag.Key, unit: null, counter: false)).Append("=\"")
                .Append(Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "", help: false)).Append('"');
        }

        return builder.ToString();
    }

    private static string Unit(string? unit) => unit switch
    {
        null or "" or "1" => "",
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        "{token}" => "tokens",
        _ when unit.StartsWith('{') => "",
        _ => Name(unit, null, false),
    };

    private static bool IsMonotonic(MetricType type) => type is MetricType.LongSum or MetricType.DoubleSum;

    private static string TypeOf(MetricType type) =>
        type.IsHistogram() ? "histogram" : type.IsSum() && IsMonotonic(type) ? "counter" : "gauge";

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value, bool help)
    {
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return help ? escaped : escaped.Replace("\"", "\\\"", StringComparison.Ordinal);
    }
}
