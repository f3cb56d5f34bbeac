using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;

namespace Netra.Runtime.Testing;

/// <summary>
/// A clickhouse-server run as a child process for <see cref="ClickHouseServer"/>: a generated config (the
/// <c>&lt;yandex&gt;</c> XML that 18.16 reads) in a temporary directory that also holds its data, HTTP and native ports
/// free on 127.0.0.1, small caches, UTC. A watchdog shell kills it and deletes the directory if the test process dies
/// without disposing it.
/// </summary>
internal sealed class ThrowawayClickHouse : IAsyncDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"];

    private readonly string _binary;
    private readonly string _root;
    private readonly int _httpPort;
    private readonly ClickHouseServerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private bool _disposed;

    private ThrowawayClickHouse(string binary, string root, int httpPort, ClickHouseServerOptions options)
    {
        _binary = binary;
        _root = root;
        _httpPort = httpPort;
        _options = options;
    }

    /// <summary>Whether the data directory outlives the server (<see cref="ClickHouseServerOptions.Directory"/> was given).</summary>
    private bool KeepsDirectory => _options.Directory is not null;

    public Uri Url => new($"http://127.0.0.1:{_httpPort}/");

    private string ConfigFile => Path.Combine(_root, "config.xml");

    private string PidFile => Path.Combine(_root, "server.pid");

    private string ErrorLog => Path.Combine(_root, "server.err.log");

    public static async Task<ThrowawayClickHouse> StartAsync(ClickHouseServerOptions options, CancellationToken cancellationToken)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException($"No clickhouse-server binary was found. {ClickHouseServer.InstallHint}");
        var root = options.Directory ?? Path.Combine(Path.GetTempPath(), $"netra-ch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new ThrowawayClickHouse(binary, root, FindFreePort(), options);
        try
        {
            var tcpPort = FindFreePort();
            while (tcpPort == server._httpPort)
            {
                tcpPort = FindFreePort();
            }

            await server.WriteConfigAsync(tcpPort, cancellationToken).ConfigureAwait(false);
            await server.RestartAsync(cancellationToken).ConfigureAwait(false);
            server.StartWatchdog();
            return server;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var log = File.Exists(server.ErrorLog) ? await File.ReadAllTextAsync(server.ErrorLog, CancellationToken.None).ConfigureAwait(false) : "";
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Could not start a throwaway ClickHouse from {binary}: {exception.Message}\n{Tail(log)}\n{ClickHouseServer.InstallHint}", exception);
        }
    }

    /// <summary>Starts the server (again, on the same ports and data) and waits until <c>/ping</c> answers.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_process is { HasExited: false })
            {
                return;
            }

            var startInfo = new ProcessStartInfo(_binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _root,
            };
            startInfo.ArgumentList.Add($"--config-file={ConfigFile}");
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {_binary}.");
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            await File.WriteAllTextAsync(PidFile, process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await WaitForPingAsync(process, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the server; its data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await KillAsync().ConfigureAwait(false);
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
            await KillAsync().ConfigureAwait(false);
            try
            {
                if (!KeepsDirectory)
                {
                    Directory.Delete(_root, recursive: true);
                }
            }
            catch (IOException exception)
            {
                await Console.Error.WriteLineAsync($"ClickHouseServer: could not delete {_root}: {exception.Message}").ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            File.Delete(PidFile);
            process.Dispose();
        }
    }

    private async Task WaitForPingAsync(Process process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"clickhouse-server exited with {process.ExitCode} while starting.");
            }

            try
            {
                if ((await client.GetStringAsync(new Uri(Url, "ping"), cancellationToken).ConfigureAwait(false)).StartsWith("Ok", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"clickhouse-server did not answer /ping within {_options.StartTimeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WriteConfigAsync(int tcpPort, CancellationToken cancellationToken)
    {
        var data = SecurityElement.Escape(Path.Combine(_root, "data") + "/");
        var root = SecurityElement.Escape(_root);
        var cache = _options.CacheBytes.ToString(CultureInfo.InvariantCulture);
        var queryLog = _options.LogQueries
            ? "\n  <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>7500</flush_interval_milliseconds></query_log>"
            : "";
        var logQueries = _options.LogQueries ? "<log_queries>1</log_queries>" : "";
        var config = $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{root}/server.log</log><errorlog>{root}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
              <http_port>{_httpPort.ToString(CultureInfo.InvariantCulture)}</http_port>
              <tcp_port>{tcpPort.ToString(CultureInfo.InvariantCulture)}</tcp_port>
              <listen_host>127.0.0.1</listen_host>
              <max_connections>1024</max_connections>
              <keep_alive_timeout>3</keep_alive_timeout>
              <max_concurrent_queries>200</max_concurrent_queries>
              <uncompressed_cache_size>{cache}</uncompressed_cache_size>
              <mark_cache_size>{cache}</mark_cache_size>
              <path>{data}</path>
              <tmp_path>{data}tmp/</tmp_path>
              <user_files_path>{data}user_files/</user_files_path>
              <format_schema_path>{data}format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <timezone>UTC</timezone>
              <mlock_executable>false</mlock_executable>{queryLog}
            </yandex>
            """;
        var users = $"""
            <?xml version="1.0"?>
            <yandex>
              <profiles><default><max_memory_usage>{_options.MaxMemoryUsage.ToString(CultureInfo.InvariantCulture)}</max_memory_usage>{logQueries}</default></profiles>
              <users>
                <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
              </users>
              <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
            </yandex>
            """;
        return Task.WhenAll(
            File.WriteAllTextAsync(ConfigFile, config, cancellationToken),
            File.WriteAllTextAsync(Path.Combine(_root, "users.xml"), users, cancellationToken));
    }

    /// <summary>A detached shell that kills the server and deletes its directory (unless kept) once this process is gone.</summary>
    private void StartWatchdog()
    {
        const string launcher = """
            trap '' INT HUP
            exec </dev/null >/dev/null 2>&1
            (
              while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
              [ -d "$2" ] || exit 0
              [ -f "$2/server.pid" ] && kill -KILL "$(cat "$2/server.pid")" && rm -f "$2/server.pid"
              [ "$3" = keep ] || rm -rf "$2"
            ) &
            """;
        var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", launcher, "netra-ch-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _root, KeepsDirectory ? "keep" : "delete"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var shell = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the ClickHouse watchdog.");
        shell.WaitForExit();
    }

    private static string? FindBinary() =>
        s_candidates.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "clickhouse-server"))
            .FirstOrDefault(File.Exists);

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
