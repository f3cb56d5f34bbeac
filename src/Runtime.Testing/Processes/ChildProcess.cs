using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Netra.Runtime.Testing.Processes;

/// <summary>
/// A Netra host (<c>dotnet Netra.X.dll</c> from the repository's build output) in a child process, configured by
/// <c>Netra__…</c> environment variables. Its stdout and stderr are kept for failure messages. <see cref="Kill"/>
/// sends SIGKILL; disposing kills it too; and a watchdog kills it if the test process dies first, so a crashed test
/// run never leaves a process behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 2000;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A name for messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has ended.</summary>
    public int ExitCode => _process.ExitCode;

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
    /// Starts <paramref name="dll"/> under dotnet, in the dll's folder (where its appsettings.json is), with each of
    /// <paramref name="settings"/> as an environment variable (<c>:</c> written as <c>__</c>) and one-line console logs.
    /// </summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        var configuration = new Dictionary<string, string>
        {
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in configuration)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data is null ? null : "stderr: " + e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName} {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        StartWatchdog(process.Id);
        return child;
    }

    /// <summary>A free TCP port on 127.0.0.1 (free now; the child binds it moments later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <c>src/{project}/bin/{configuration}/{framework}/{assembly}.dll</c> of the build that <paramref name="caller"/>
    /// (a test assembly) belongs to: the same configuration and framework, found above its output folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dll has not been built.</exception>
    public static string FindHostDll(Assembly caller, string project, string assembly)
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = output.Name;
        var configuration = caller.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Netra.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Netra.sln was not found above {output.FullName}: cannot locate {assembly} to start.");
        }

        var dll = Path.Combine(root.FullName, "src", project, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException(
                $"{dll} does not exist. Reference src/{project} from the test project so that building the tests builds it.");
    }

    /// <summary>Kills the process with SIGKILL, as a crash would: no shutdown, no goodbye.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
    }

    /// <summary>
    /// Stops the process as an orchestrator would: SIGTERM, so a .NET host shuts down gracefully (stops taking work,
    /// closes its connections, flushes its telemetry); SIGKILL if it has not exited within <paramref name="grace"/>.
    /// Returns true when it exited by itself.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        var signal = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        signal.ArgumentList.Add("-TERM");
        signal.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using (var kill = Process.Start(signal) ?? throw new InvalidOperationException("Could not run kill -TERM."))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            using var timeout = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
            return false;
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

    /// <summary>Starts a detached shell that SIGKILLs the child once this process is gone; it ends when the child ends.</summary>
    private static void StartWatchdog(int childPid)
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
            "-c", script, "netra-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), childPid.ToString(CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the watchdog.");
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
}
