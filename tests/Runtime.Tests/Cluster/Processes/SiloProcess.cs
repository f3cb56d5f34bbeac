using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Netra.Runtime.Cluster.Membership;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>
/// A silo in a child process, started as <c>deploy/local/cluster</c> starts one: <c>dotnet Netra.Silo.dll</c> from the
/// Silo's build output, configured by <c>Netra__…</c> environment variables. Its stdout and stderr are kept for
/// failure messages. <see cref="Kill"/> sends SIGKILL; disposing kills it too, and a watchdog kills it if the test
/// process dies first.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 2000;

    private static readonly Lazy<string> s_siloDll = new(FindSiloDll);

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private SiloProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    /// <summary>The silo's name, <c>Netra:Silo:Name</c>.</summary>
    public string Name { get; }

    /// <summary>The silo's cluster port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr (the last 2000 lines).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet Netra.Silo.dll</c> in cluster mode on <paramref name="port"/>, as silo <paramref name="name"/> of
    /// cluster <paramref name="clusterId"/> with its state and membership in <paramref name="connectionString"/>.
    /// <paramref name="settings"/> are further configuration keys (<c>Netra:Cluster:Membership:ProbeInterval</c>).
    /// </summary>
    public static SiloProcess Start(
        string name, int port, string connectionString, string clusterId, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var dll = s_siloDll.Value;
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // where the silo's appsettings.json is
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        var configuration = new Dictionary<string, string>
        {
            ["Netra:Postgres:ConnectionString"] = connectionString,
            ["Netra:Cluster:Enabled"] = "true",
            ["Netra:Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Netra:Cluster:Membership:ClusterId"] = clusterId,
            ["Netra:Silo:Name"] = name,
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in configuration)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, port, process);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data is null ? null : "stderr: " + e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName} {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        StartWatchdog(process.Id);
        return silo;
    }

    /// <summary>A free TCP port on 127.0.0.1 (free now; the silo binds it moments later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until the silo's row in <paramref name="table"/> is Active (a silo listens before it turns Active). Throws,
    /// with the silo's output, if the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task WaitUntilActiveAsync(IMembershipTable table, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Silo {Name} (pid {ProcessId}) exited with code {_process.ExitCode} before it became Active. Its output:\n{Output}");
            }

            try
            {
                var snapshot = await table.ReadAllAsync(cancellationToken);
                if (snapshot.Entries.Any(e => e.Silo.Port == Port && e.Status == SiloStatus.Active))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                lastError = exception; // e.g. the membership table does not exist until the first silo has migrated
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Silo {Name} (pid {ProcessId}, port {Port}) was not Active within {timeout}"
                    + (lastError is null ? "" : $" (last error reading membership: {lastError.Message})") + $". Its output:\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Kills the process with SIGKILL, as a crash would: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
    }

    /// <summary>Kills the process if it still runs and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>
    /// Starts a detached shell that SIGKILLs the silo once this test process is gone, so a test runner that kills the
    /// tests (or a crash) never leaves a silo behind. It ends by itself when the silo ends.
    /// </summary>
    private static void StartWatchdog(int siloPid)
    {
        const string script = """
            trap '' INT HUP
            exec </dev/null >/dev/null 2>&1
            (
              while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
              kill -0 "$1" 2>/dev/null || kill -9 "$2" 2>/dev/null
            ) &
            """;
        var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-c", script, "netra-silo-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), siloPid.ToString(CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the silo watchdog.");
        watchdog.WaitForExit();
    }

    private static string DotnetHost()
    {
        // The SDK names the dotnet it runs under; under a test host ProcessPath may be "testhost", not dotnet.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    /// <summary>src/Silo/bin/&lt;this test build's configuration&gt;/&lt;framework&gt;/Netra.Silo.dll.</summary>
    private static string FindSiloDll()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = output.Name;
        var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Netra.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Netra.sln was not found above {output.FullName}: cannot locate the silo to start.");
        }

        var dll = Path.Combine(root.FullName, "src", "Silo", "bin", configuration, framework, "Netra.Silo.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException(
                $"{dll} does not exist. The test project references src/Silo so that building the tests builds it; build src/Silo -c {configuration}.");
    }
}
