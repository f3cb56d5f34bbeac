using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Netra.Benchmarks;

/// <summary>
/// A CPU profile of the whole machine while a benchmark runs, taken with Linux <c>perf</c> (every process: the benchmark,
/// its silo and gateway processes, PostgreSQL, ClickHouse, the kernel). .NET code is named through the perf maps the
/// runtime writes when <c>DOTNET_PerfMapEnabled=1</c>, which <see cref="EnsurePerfMapsAsync"/> arranges. The flat profile, by
/// process, library and symbol, goes to <c>docs/profiles/{name}.txt</c>: where the cycles went, to name a bottleneck.
/// </summary>
public sealed class Profiler : IAsyncDisposable
{
    private const string PerfMapVariable = "DOTNET_PerfMapEnabled";
    private readonly Process _perf;
    private readonly string _data;
    private readonly string _name;
    private readonly DateTime _started = DateTime.UtcNow;

    private Profiler(Process perf, string data, string name)
    {
        _perf = perf;
        _data = data;
        _name = name;
    }

    /// <summary>
    /// Runs this benchmark again as a child process with perf maps on, when they are off, and returns its exit code;
    /// null when they are on already (this process is the one to profile).
    /// </summary>
    public static async Task<int?> EnsurePerfMapsAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(PerfMapVariable) == "1")
        {
            return null;
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Profiler).Assembly.Location); // started as `dotnet Netra.Benchmarks.dll`, not the app host
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[PerfMapVariable] = "1";
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // perf finds JIT code by its perf-map address only without W^X double mapping
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>Starts sampling every CPU at 499 Hz; null (with a message) when perf cannot run here.</summary>
    public static Profiler? Start(string name)
    {
        var data = Path.Combine(Path.GetTempPath(), $"netra-perf-{name}-{Environment.ProcessId}.data");
        try
        {
            var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "499", "-a", "-g", "-o", data, "--quiet"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            Console.WriteLine($"Profiling with perf into {data}.");
            return new Profiler(perf, data, name);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"No profile: perf could not start ({e.Message}).");
            return null;
        }
    }

    /// <summary>Stops sampling (SIGINT, so perf writes its file whole) and writes the report.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var interrupt = Process.Start("kill", ["-INT", _perf.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await _perf.WaitForExitAsync();
        var byProcess = await ReportAsync(["--no-children", "--sort", "comm", "--percent-limit", "0.5"]);
        var bySymbol = (await ReportAsync(["--no-children", "--sort", "dso,sym", "--percent-limit", "0"])).ToList();
        var inclusive = await ReportAsync(["--children", "--sort", "sym", "--percent-limit", "1"]);
        var path = Path.Combine(Path.GetDirectoryName(Report.FindDocs())!, "profiles", $"{_name}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# perf profile of `dotnet run -c Release --project tests/Benchmarks -- {_name} --profile`")
            .AppendLine(CultureInfo.InvariantCulture, $"# {_started:yyyy-MM-dd HH:mm} UTC, commit {Report.Commit()}, {Report.Machine()}, {Report.Load()} at the end")
            .AppendLine("# every CPU sampled at 499 Hz for the whole run, with call stacks; shares of all samples")
            .AppendLine("# by process (>= 0.5%):")
            .AppendJoin('\n', byProcess.Take(30))
            .AppendLine()
            .AppendLine("# by .NET assembly or native library, self time (where the CPU was):")
            .AppendJoin('\n', ByAssembly(bySymbol).Take(25))
            .AppendLine()
            .AppendLine("# Netra methods by inclusive time (themselves and what they call; >= 1%):")
            .AppendJoin('\n', inclusive.Where(l => l.Contains("[Netra.", StringComparison.Ordinal)).Take(50))
            .AppendLine()
            .AppendLine("# symbols by self time (>= 0.3%):")
            .AppendJoin('\n', bySymbol.Where(l => Share(l) >= 0.3).Take(60))
            .AppendLine();
        await File.WriteAllTextAsync(path, text.ToString());
        File.Delete(_data);
        Console.WriteLine($"Profile written to {path}.");
    }

    private async Task<IEnumerable<string>> ReportAsync(string[] options)
    {
        var start = new ProcessStartInfo("perf", ["report", "-i", _data, "--stdio", "-g", "none", .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var perf = Process.Start(start)!;
        var output = await perf.StandardOutput.ReadToEndAsync();
        await perf.WaitForExitAsync();
        return output.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(l => l.Length > 240 ? l[..240] : l);
    }

    /// <summary>Self time summed by the assembly in a JIT symbol's name (<c>[Netra.Runtime] …</c>) or else the symbol's library.</summary>
    private static IEnumerable<string> ByAssembly(IEnumerable<string> symbols) => symbols
        .Select(l => (Share: Share(l), Owner: Owner(l)))
        .GroupBy(s => s.Owner)
        .Select(g => (Owner: g.Key, Share: g.Sum(s => s.Share)))
        .OrderByDescending(g => g.Share)
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Share,8:F2}%  {g.Owner}"));

    private static double Share(string line) =>
        double.TryParse(line.Trim().Split('%')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) ? share : 0;

    /// <summary>The owner of a "share  dso  [.] symbol" line: a JIT frame's assembly, "kernel", or the library.</summary>
    private static string Owner(string line)
    {
        if (line.Contains("[k] ", StringComparison.Ordinal))
        {
            return "kernel";
        }

        var symbol = line.Contains("[.] ", StringComparison.Ordinal) ? line[(line.IndexOf("[.] ", StringComparison.Ordinal) + 4)..] : "";
        var open = symbol.IndexOf('[', StringComparison.Ordinal);
        var close = open >= 0 ? symbol.IndexOf(']', open) : -1;
        if (line.Contains("[JIT]", StringComparison.Ordinal) && close > open + 1)
        {
            return symbol[(open + 1)..close]; // "instance void [Netra.Runtime] Netra.Runtime…"
        }

        var fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 ? fields[1] : "other";
    }
}
