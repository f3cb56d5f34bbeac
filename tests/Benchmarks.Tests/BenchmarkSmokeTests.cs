using System.Diagnostics;

namespace Netra.Benchmarks.Tests;

/// <summary>
/// Every benchmark runs, briefly, as `-- all --smoke` does: this proves they work and measures nothing (speed goals
/// live in the benchmarks' own runs, never in tests). A smoke run must leave docs/benchmarks.md as it was.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(15); // about 3.5 min in Release on a quiet machine; CI runs Debug beside other tests

    [Fact]
    public async Task Every_benchmark_runs_in_smoke_mode_and_writes_nothing()
    {
        var root = RepositoryRoot();
        var docs = Path.Combine(root, "docs", "benchmarks.md");
        var before = await File.ReadAllTextAsync(docs);

        var (exitCode, output) = await RunAsync(root, "all", "--smoke");

        Assert.True(exitCode == 0, $"The smoke run exited with {exitCode}. Its output:\n{output}");
        Assert.Equal(before, await File.ReadAllTextAsync(docs));
    }

    [Fact]
    public async Task An_unknown_benchmark_is_refused_with_the_usage()
    {
        var (exitCode, output) = await RunAsync(RepositoryRoot(), "no-such-benchmark", "--smoke");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown benchmark 'no-such-benchmark'", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string root, params string[] args)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/{configuration}/net10.0
        var dll = Path.Combine(root, "tests", "Benchmarks", "bin", configuration, "net10.0", "Netra.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"The benchmarks were not built at {dll}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The benchmarks did not finish within {s_timeout}. Output so far:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Netra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run from inside the Netra repository.");
    }
}
