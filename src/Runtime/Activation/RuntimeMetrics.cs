using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netra.Runtime.Activation;

/// <summary>
/// The runtime as metrics, meter <c>Netra.Runtime</c>: grain calls started, by grain interface; and, read at each
/// collection from the live catalogs of this process, the activations and the requests waiting for their turn.
/// </summary>
internal static class RuntimeMetrics
{
    private static readonly Meter s_meter = new("Netra.Runtime");
    private static readonly ConcurrentDictionary<Catalog, byte> s_catalogs = new();

    private static readonly Counter<long> s_calls = s_meter.CreateCounter<long>(
        "netra.grain.calls", "{call}", "Grain calls that started a turn, by grain interface");

    static RuntimeMetrics()
    {
        s_meter.CreateObservableGauge("netra.grain.activations", () => s_catalogs.Keys.Sum(c => (long)c.Count), "{activation}",
            "Grain activations in this process's silos");
        s_meter.CreateObservableGauge("netra.grain.queued_requests", () => s_catalogs.Keys.Sum(c => c.WaitingTurns), "{request}",
            "Requests and timer ticks waiting for their activation's turn");
    }

    public static void Track(Catalog catalog) => s_catalogs.TryAdd(catalog, 0);

    public static void Untrack(Catalog catalog) => s_catalogs.TryRemove(catalog, out _);

    public static void CallStarted(string grainInterface)
    {
        if (s_calls.Enabled)
        {
            s_calls.Add(1, new TagList { { "rpc.service", grainInterface } });
        }
    }
}
