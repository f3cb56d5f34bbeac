using System.Globalization;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Netra.Runtime.Testing.Processes;

namespace Netra.Benchmarks.Chat;

/// <summary>
/// Netra as <c>deploy/local/cluster</c> runs it, minus ClickHouse: <c>silos</c> processes of the real silo host
/// (<c>dotnet Netra.Silo.dll</c>) and one of the real gateway (<c>dotnet Netra.Gateway.dll</c>) as their cluster
/// client, from their Release build output, configured by environment variables. Membership, grain state and
/// streams live in a fresh database of the throwaway PostgreSQL. Workload analytics stay in each silo's memory with
/// the demo data on (no ClickHouse), as in the embedded default. Disposal kills every process and drops the database.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);

    private readonly PostgresServer _postgres;
    private readonly List<ChildProcess> _processes = [];
    private readonly List<(ChildProcess Process, int HttpPort)> _silos = [];
    private readonly Dictionary<string, TimeSpan> _lastCpu = [];
    private readonly HashSet<string> _exited = [];

    private LocalCluster(PostgresServer postgres, string connectionString)
    {
        _postgres = postgres;
        ConnectionString = connectionString;
    }

    /// <summary>The PostgreSQL database of membership, state and streams.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster id in the membership table.</summary>
    public string ClusterId { get; } = $"bench-{Guid.NewGuid():N}";

    /// <summary>The gateway's address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>The silo processes, then the gateway's.</summary>
    public IReadOnlyList<ChildProcess> Processes => _processes;

    /// <summary>
    /// The CPU time the cluster's processes have used so far. A process that has exited counts with the last time read
    /// from it, and its exit is reported once on stderr with the end of its output: the figure then says so.
    /// </summary>
    public TimeSpan ProcessorTime() => _processes.Aggregate(TimeSpan.Zero, (total, child) => total + ProcessorTime(child));

    /// <summary>The CPU time each silo process has used so far, in order.</summary>
    public TimeSpan[] SiloProcessorTimes() => [.. _silos.Select(s => ProcessorTime(s.Process))];

    /// <summary>Names of the processes that exited while the cluster ran.</summary>
    public IReadOnlyCollection<string> Exited
    {
        get
        {
            lock (_lastCpu)
            {
                return [.. _exited];
            }
        }
    }

    private TimeSpan ProcessorTime(ChildProcess child)
    {
        lock (_lastCpu)
        {
            if (!child.HasExited)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(child.ProcessId);
                    return _lastCpu[child.Name] = process.TotalProcessorTime;
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
                {
                    // It exited between the check and the read.
                }
            }

            if (_exited.Add(child.Name))
            {
                var output = string.Join('\n', child.Output.Split('\n').TakeLast(40));
                Console.Error.WriteLine($"{child.Name} exited while the cluster ran. The end of its output:\n{output}");
            }

            return _lastCpu.GetValueOrDefault(child.Name);
        }
    }

    public static async Task<LocalCluster> StartAsync(int silos)
    {
        var postgres = await PostgresServer.GetSharedAsync();
        var cluster = new LocalCluster(postgres, await postgres.CreateDatabaseAsync("chat_cluster"));
        try
        {
            await new PostgresMigrator(cluster.ConnectionString).InitializeAsync(CancellationToken.None);
            await cluster.StartSilosAsync(silos);
            await cluster.StartGatewayAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway's settings as <c>deploy/local/cluster</c> gives them, with the benchmark's key and limits.</summary>
    public Dictionary<string, string> GatewaySettings(int port) => new()
    {
        ["Netra:Postgres:ConnectionString"] = ConnectionString,
        ["Netra:Cluster:Enabled"] = "true",
        ["Netra:Cluster:Membership:ClusterId"] = ClusterId,
        ["Netra:Auth:DevTokens"] = "true",
        ["Netra:Auth:SigningKey"] = "netra-chat-benchmark-signing-key-0123456789abcdef",
        ["Netra:WebSocket:IdleTimeout"] = "01:00:00", // a user waiting for a slow run sends nothing meanwhile
        ["Netra:WebSocket:ActionsPerSecond"] = "1000000",
        ["Netra:WebSocket:ActionBurst"] = "1000000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        await _postgres.DropDatabaseAsync(ConnectionString);
    }

    private async Task StartSilosAsync(int count)
    {
        var dll = ChildProcess.FindHostDll(typeof(LocalCluster).Assembly, "Silo", "Netra.Silo");
        for (var n = 1; n <= count; n++)
        {
            var httpPort = ChildProcess.FreePort();
            var silo = ChildProcess.Start($"silo-{n}", dll, new Dictionary<string, string>
            {
                ["Netra:Postgres:ConnectionString"] = ConnectionString,
                ["Netra:Cluster:Enabled"] = "true",
                ["Netra:Cluster:Port"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
                ["Netra:Cluster:Membership:ClusterId"] = ClusterId,
                ["Netra:Silo:Name"] = $"silo-{n}",
                ["Netra:Silo:HttpUrls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}"),
                ["Netra:Workloads:DemoData"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            _processes.Add(silo);
            _silos.Add((silo, httpPort));
        }

        foreach (var (silo, httpPort) in _silos)
        {
            await WaitForAsync(silo, new Uri($"http://127.0.0.1:{httpPort}/health/ready"));
        }
    }

    private async Task StartGatewayAsync()
    {
        var port = ChildProcess.FreePort();
        var dll = ChildProcess.FindHostDll(typeof(LocalCluster).Assembly, "Gateway", "Netra.Gateway");
        var gateway = ChildProcess.Start("gateway", dll, GatewaySettings(port));
        _processes.Add(gateway);
        GatewayAddress = new Uri($"http://127.0.0.1:{port}/");
        await WaitForAsync(gateway, new Uri(GatewayAddress, "/health/ready"));
    }

    private static async Task WaitForAsync(ChildProcess process, Uri probe)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with code {process.ExitCode}. Its output:\n{process.Output}");
            }

            try
            {
                if ((await http.GetAsync(probe)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} did not answer {probe} within {s_startTimeout.TotalSeconds:F0} s. Its output:\n{process.Output}");
            }

            await Task.Delay(250);
        }
    }
}
