using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netra.Runtime.Testing;

/// <summary>
/// A PostgreSQL run from initdb and pg_ctl in a temporary directory, for <see cref="PostgresServer"/>: as user postgres
/// when the tests run as root, on a free port of 127.0.0.1, with durability off for speed.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly bool _asPostgresUser;
    private readonly int _port;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private ThrowawayPostgres(string binDirectory, string rootDirectory, bool asPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _asPostgresUser = asPostgresUser;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    private string LogFile => Path.Combine(_rootDirectory, "server.log");

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var binDirectory = FindBinDirectory()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries (initdb, pg_ctl) were found. {PostgresServer.InstallHint}");
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), $"netra-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new ThrowawayPostgres(binDirectory, root, asPostgresUser, FindFreePort());
        try
        {
            if (asPostgresUser)
            {
                // PostgreSQL refuses to run as root, so the server runs as postgres and owns its directory.
                await RunAsync("chown", ["postgres:postgres", root], cancellationToken).ConfigureAwait(false);
            }

            await server.StartWatchdogAsync(cancellationToken).ConfigureAwait(false);

            await server.RunToolAsync(
                "initdb",
                ["-D", server.DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"],
                cancellationToken).ConfigureAwait(false);
            await server.RestartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch (Exception exception)
        {
            var log = File.Exists(server.LogFile) ? await File.ReadAllTextAsync(server.LogFile, CancellationToken.None).ConfigureAwait(false) : "";
            await server.DisposeAsync().ConfigureAwait(false);
            if (exception is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException(
                $"Could not start a throwaway PostgreSQL from {binDirectory}: {exception.Message}\n{log}\n{PostgresServer.InstallHint}", exception);
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var serverOptions = $"-p {_port} -k '{_rootDirectory}' -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            await RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-o", serverOptions, "-w", "-t", "120", "start"],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "120", "stop"], cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                try
                {
                    await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None)
                        .ConfigureAwait(false);
                }
                catch (InvalidOperationException exception)
                {
                    await Console.Error.WriteLineAsync($"PostgresServer: stopping {DataDirectory} failed: {exception.Message}")
                        .ConfigureAwait(false);
                }
            }

            Directory.Delete(_rootDirectory, recursive: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts a detached shell that, once this process is gone, stops the server and deletes its directory. The test
    /// runner may kill the test process while ProcessExit handlers still run, or the process may crash; the server
    /// must not outlive it either way. The watchdog ends by itself when the directory is deleted.
    /// </summary>
    private Task StartWatchdogAsync(CancellationToken cancellationToken)
    {
        const string launcher = """
            trap '' INT HUP
            exec </dev/null >/dev/null 2>&1
            (
              while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
              [ -d "$2" ] || exit 0
              if [ -f "$2/data/postmaster.pid" ]; then
                if [ "$4" = 1 ]; then runuser -u postgres -- "$3" -D "$2/data" -m immediate -w stop
                else "$3" -D "$2/data" -m immediate -w stop; fi
              fi
              rm -rf "$2"
            ) &
            """;
        return RunAsync(
            "sh",
            [
                "-c", launcher, "netra-pg-watchdog",
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                _rootDirectory,
                Path.Combine(_binDirectory, "pg_ctl"),
                _asPostgresUser ? "1" : "0",
            ],
            cancellationToken);
    }

    private Task<string> RunToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/", // readable by the postgres user too
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = new StringBuilder().Append(await output.ConfigureAwait(false)).Append(await error.ConfigureAwait(false)).ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}: {text.Trim()}");
        }

        return text;
    }

    private static string? FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(directory => (Directory: directory, Version: double.TryParse(
                    Path.GetFileName(directory), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(candidate => candidate.Version >= 0 && HasTools(Path.Combine(candidate.Directory, "bin")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Directory, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        // Elsewhere (other distributions, Homebrew) the tools are on PATH.
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasTools);
    }

    private static bool HasTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
