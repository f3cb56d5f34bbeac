using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;

namespace Netra.Benchmarks.Tools;

/// <summary>
/// A clickhouse-server (18.16) child process for the tools benchmark: like the tests' throwaway server (generated
/// <c>&lt;yandex&gt;</c> config, loopback, free ports, UTC), plus <c>system.query_log</c> so the benchmark can tell
/// ClickHouse's share of a tool's time. With <c>keep</c> its directory (and so the loaded events) stays for the next run;
/// otherwise it is deleted when the server is disposed. Default cache sizes, as a production server would have.
/// </summary>
public sealed class BenchClickHouse : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;
    private readonly bool _keep;

    private BenchClickHouse(Process process, string root, int httpPort, bool keep)
    {
        _process = process;
        _root = root;
        _keep = keep;
        Url = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The HTTP interface.</summary>
    public Uri Url { get; }

    /// <summary>The server's own process id, to read its CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a server on <paramref name="root"/> (created if missing) and waits for <c>/ping</c>.</summary>
    public static async Task<BenchClickHouse> StartAsync(string root, bool keep)
    {
        Directory.CreateDirectory(root);
        var (http, tcp) = (FreePort(), FreePort());
        while (tcp == http)
        {
            tcp = FreePort();
        }

        await WriteConfigAsync(root, http, tcp);
        var start = new ProcessStartInfo("/usr/sbin/clickhouse-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add($"--config-file={Path.Combine(root, "config.xml")}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("clickhouse-server did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchClickHouse(process, root, http, keep);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(120); ; await Task.Delay(100))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"clickhouse-server exited with {process.ExitCode}; see {root}/server.err.log");
            }

            try
            {
                if ((await client.GetStringAsync(new Uri(server.Url, "ping"))).StartsWith("Ok", StringComparison.Ordinal))
                {
                    return server;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException("clickhouse-server did not answer /ping within 120 s.");
            }
        }
    }

    /// <summary>Stops the server (SIGKILL of the process this benchmark started) and deletes its directory unless kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_keep)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static Task WriteConfigAsync(string root, int http, int tcp)
    {
        var data = SecurityElement.Escape(Path.Combine(root, "data") + "/");
        var escaped = SecurityElement.Escape(root);
        var config = $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{escaped}/server.log</log><errorlog>{escaped}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
              <http_port>{http.ToString(CultureInfo.InvariantCulture)}</http_port>
              <tcp_port>{tcp.ToString(CultureInfo.InvariantCulture)}</tcp_port>
              <listen_host>127.0.0.1</listen_host>
              <max_connections>1024</max_connections>
              <keep_alive_timeout>3</keep_alive_timeout>
              <max_concurrent_queries>200</max_concurrent_queries>
              <uncompressed_cache_size>8589934592</uncompressed_cache_size>
              <mark_cache_size>5368709120</mark_cache_size>
              <path>{data}</path>
              <tmp_path>{data}tmp/</tmp_path>
              <user_files_path>{data}user_files/</user_files_path>
              <format_schema_path>{data}format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <timezone>UTC</timezone>
              <mlock_executable>false</mlock_executable>
              <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>7500</flush_interval_milliseconds></query_log>
            </yandex>
            """;
        const string users = """
            <?xml version="1.0"?>
            <yandex>
              <profiles><default><max_memory_usage>8000000000</max_memory_usage><log_queries>1</log_queries></default></profiles>
              <users>
                <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
              </users>
              <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
            </yandex>
            """;
        return Task.WhenAll(
            File.WriteAllTextAsync(Path.Combine(root, "config.xml"), config),
            File.WriteAllTextAsync(Path.Combine(root, "users.xml"), users));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
