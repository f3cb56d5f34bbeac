using System.Globalization;
using Netra.Benchmarks;
using Netra.Benchmarks.GrainCalls;

// Usage: dotnet run -c Release --project tests/Benchmarks -- [grain-calls|all] [--smoke]
// --smoke runs each case for a moment and writes nothing: it proves the benchmarks run, it measures nothing.
var smoke = args.Contains("--smoke");
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var (warmup, duration) = smoke ? (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)) : (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

if (which is "grain-calls" or "all")
{
    var loadBefore = Report.Load();
    var rows = await GrainCallBenchmark.RunAsync(warmup, duration);
    var table = Report.Table(rows);
    Console.WriteLine(table);
    if (!smoke)
    {
        var when = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        Report.WriteSection(Report.FindDocs(), "grain-calls", $"""
            ## Grain calls on one silo

            Command: `dotnet run -c Release --project tests/Benchmarks -- grain-calls`
            Run: {when}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Closed loop: each caller sends its next call when the last one answers; caller *i* calls grain *i*.
            {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s of warm-up. Baseline: a raw `Channel<T>` ping-pong
            with one partner task per caller, measured in the same run by the same driver.

            {table}
            """);
    }
}
