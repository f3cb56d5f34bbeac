using System.Diagnostics;
using System.Text;

namespace Netra.Web.Tests;

/// <summary>Runs the browser tests of <c>tests/Web</c> with node, streaming their output, and says clearly what is missing.</summary>
public static class NodeRunner
{
    /// <summary>Debian's Chromium, which the tests drive; no browser is ever downloaded.</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The longest a browser test file may run before it is killed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    /// <summary><c>tests/Web</c>, found from the test assembly's folder upwards (the folder with <c>Netra.sln</c>).</summary>
    public static string WebTestsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Netra.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Web");
            }
        }

        throw new InvalidOperationException($"No Netra.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>What is missing to run the browser tests, or null when nothing is.</summary>
    public static string? Missing(string webDirectory)
    {
        if (FindOnPath("node") is null)
        {
            return "node is not installed: the browser tests need Node.js 20 or later (apt-get install -y nodejs npm; .ci/run does this).";
        }

        if (!File.Exists(Chromium))
        {
            return $"{Chromium} is missing: install Debian's Chromium (apt-get install -y chromium; .ci/run does this). No browser is downloaded.";
        }

        return Directory.Exists(Path.Combine(webDirectory, "node_modules", "playwright-core"))
            ? null
            : $"playwright-core is not installed: run `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci` in {webDirectory} (.ci/run does this).";
    }

    /// <summary>Runs <c>node --test</c> on <paramref name="testFile"/> against <paramref name="baseAddress"/>; returns the exit code and the output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string webDirectory, string testFile, Uri baseAddress, IReadOnlyDictionary<string, string> environment, Action<string> log)
    {
        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec", testFile])
        {
            WorkingDirectory = webDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NETRA_BASE_URL"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            log(e.Data);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                output.AppendLine($"The browser tests took longer than {Timeout} and were stopped.");
            }

            return (-1, output.ToString());
        }

        process.WaitForExit(); // drains the redirected output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
