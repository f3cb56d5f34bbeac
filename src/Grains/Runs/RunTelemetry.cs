using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netra.Grains.Runs;

/// <summary>Runs as metrics: how many finished, by status, and how long they took from start to end.</summary>
internal static class RunTelemetry
{
    private static readonly Meter s_meter = new("Netra.Runs");

    private static readonly Counter<long> s_started = s_meter.CreateCounter<long>("netra.runs.started", "{run}", "Runs that started executing");

    private static readonly Counter<long> s_finished = s_meter.CreateCounter<long>("netra.runs.finished", "{run}", "Runs that ended, by status");

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(
        "netra.run.duration", "s", "Time from a run's start to its end, by status",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500] });

    public static void Started() => s_started.Add(1);

    public static void Finished(string status, DateTimeOffset? startedAt, DateTimeOffset finishedAt)
    {
        var tags = new TagList { { "status", status } };
        s_finished.Add(1, tags);
        if (startedAt is { } start)
        {
            s_duration.Record((finishedAt - start).TotalSeconds, tags);
        }
    }
}
