using System.Globalization;
using Netra.Benchmarks;
using Netra.Benchmarks.CrossSilo;
using Netra.Benchmarks.GrainCalls;

// Usage: dotnet run -c Release --project tests/Benchmarks -- [grain-calls|cross-silo|all] [--smoke] [--callers 1,10,100]
// --smoke runs each case for a moment and writes nothing: it proves the benchmarks run, it measures nothing.
// --callers measures other caller counts than the documented ones, to explore; it writes nothing either.
// `silo …` is not for people: it is how the cross-silo case starts its silo processes (see SiloProcess).
if (args is ["silo", ..])
{
    return await SiloProcess.RunAsync(args[1..]);
}

var smoke = args.Contains("--smoke");
var callersAt = Array.IndexOf(args, "--callers");
int[]? concurrency = callersAt >= 0 && callersAt + 1 < args.Length
    ? [.. args[callersAt + 1].Split(',').Select(c => int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture))]
    : null;
var write = !smoke && concurrency is null;
var which = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (callersAt < 0 || i != callersAt + 1)).FirstOrDefault() ?? "all";
var (warmup, duration) = smoke ? (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)) : (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
if (which is not ("grain-calls" or "cross-silo" or "all"))
{
    Console.Error.WriteLine($"Unknown benchmark '{which}'. Usage: [grain-calls|cross-silo|all] [--smoke] [--callers 1,10,100]");
    return 2;
}

if (which is "grain-calls" or "all")
{
    var loadBefore = Report.Load();
    var rows = await GrainCallBenchmark.RunAsync(warmup, duration, concurrency);
    var table = Report.Table(rows);
    Console.WriteLine(table);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "grain-calls", $"""
            ## Grain calls on one silo

            Command: `dotnet run -c Release --project tests/Benchmarks -- grain-calls`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Closed loop: each caller sends its next call when the last one answers; caller *i* calls grain *i*.
            {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s of warm-up. Baseline: a raw `Channel<T>` ping-pong
            with one partner task per caller, measured in the same run by the same driver.

            {table}
            """);
    }
}

if (which is "cross-silo" or "all")
{
    var loadBefore = Report.Load();
    var rows = await CrossSiloBenchmark.RunAsync(warmup, duration, concurrency);
    var table = CrossSiloBenchmark.Table(rows);
    var cpuTable = CrossSiloBenchmark.CpuTable(rows);
    Console.WriteLine(table);
    Console.WriteLine(cpuTable);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "cross-silo", $"""
            ## Grain calls across silos

            Command: `dotnet run -c Release --project tests/Benchmarks -- cross-silo`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Two silo processes on this machine (silo-a, silo-b) form a cluster over loopback TCP, membership in a throwaway
            PostgreSQL. Cross-silo: silo-a runs the closed loop of the single-silo case against grains that the
            consistent-hash ring places on silo-b (each grain reports its silo before the run). Single-silo: the closed loop
            against one silo alone in the benchmark's own process, as in the grain-calls case; baseline: the `Channel<T>`
            ping-pong. For each caller count the three ran one after another, {duration.TotalSeconds:F0} s measured after
            {warmup.TotalSeconds:F0} s of warm-up each; nothing else of the benchmark ran meanwhile.

            {table}
            CPU during each cross-silo run's measured window (process CPU time of the two silos; the whole machine
            from /proc/stat, so anything beyond the two silos was other processes on this shared machine):

            {cpuTable}
            """);
    }
}

return 0;

static string When() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
