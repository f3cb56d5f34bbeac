using System.Diagnostics;

namespace Netra.Benchmarks.CrossSilo;

/// <summary>
/// How many cores the two silo processes used during a measured window, and how busy the whole machine was: on a
/// shared 2-core machine the difference is what other processes took. Machine figures are NaN off Linux.
/// </summary>
public sealed record CpuUse(double SiloACores, double SiloBCores, double MachineCores)
{
    /// <summary>CPU time both silos spent per call, in microseconds.</summary>
    public double MicrosecondsPerCall(Measurement measurement) =>
        (SiloACores + SiloBCores) * 1_000_000 / measurement.CallsPerSecond;

    internal static Sample Take(ChildSilo siloA, ChildSilo siloB) =>
        new(Stopwatch.GetTimestamp(), siloA.ProcessorTime, siloB.ProcessorTime, Report.MachineCpu());

    internal static CpuUse Between(Sample start, Sample end)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var machine = start.Machine is { } before && end.Machine is { } after && after.Total > before.Total
            ? (double)(after.Busy - before.Busy) / (after.Total - before.Total) * Environment.ProcessorCount
            : double.NaN;
        return new CpuUse((end.SiloA - start.SiloA).TotalSeconds / seconds, (end.SiloB - start.SiloB).TotalSeconds / seconds, machine);
    }

    internal sealed record Sample(long Timestamp, TimeSpan SiloA, TimeSpan SiloB, (long Busy, long Total)? Machine);
}
