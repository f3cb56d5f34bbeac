using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netra.Grains.Workloads;

/// <summary>Ingestion as metrics: events stored and rejected, by path (<c>events</c> for NDJSON, or the import format).</summary>
internal static class WorkloadTelemetry
{
    private static readonly Meter s_meter = new("Netra.Workloads");

    private static readonly Counter<long> s_ingested = s_meter.CreateCounter<long>(
        "netra.workload.events.ingested", "{event}", "Workload events durably stored, by ingestion path");

    private static readonly Counter<long> s_rejected = s_meter.CreateCounter<long>(
        "netra.workload.events.rejected", "{event}", "Workload events refused (invalid, or over the user's capacity), by ingestion path");

    public static void Stored(string path, long stored, long rejected)
    {
        var tags = new TagList { { "path", path } };
        if (stored > 0)
        {
            s_ingested.Add(stored, tags);
        }

        if (rejected > 0)
        {
            s_rejected.Add(rejected, tags);
        }
    }
}
