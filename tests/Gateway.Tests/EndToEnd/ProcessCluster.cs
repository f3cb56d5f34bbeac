using System.Globalization;
using Netra.Gateway.Tests.WebSockets;
using Netra.Runtime.Testing;
using Netra.Runtime.Testing.Otlp;
using Netra.Runtime.Testing.Processes;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>
/// Netra as <c>deploy/local/cluster</c> runs it, every part a process of its own: silos (<c>dotnet Netra.Silo.dll</c>)
/// and gateways (<c>dotnet Netra.Gateway.dll</c>, clients of the cluster) sharing a fresh database on the test
/// PostgreSQL, all exporting their spans to one <see cref="FakeOtlpCollector"/>. Timings are set for a test: failure
/// detection in about 3 s, the run watchdog every second. Disposing kills whatever still runs and drops the database.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>How long a process may take to start: generous, since a 2-core machine starts them side by side.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private const string SigningKey = "netra-end-to-end-tests-signing-key-0123456789";
    private static readonly Lazy<string> s_siloDll = new(() => ChildProcess.FindHostDll(typeof(ProcessCluster).Assembly, "Silo", "Netra.Silo"));

    private readonly PostgresServer _postgres;
    private readonly string _database;
    private readonly string _clusterId = $"e2e-{Guid.NewGuid():N}"[..20];
    private readonly List<ChildProcess> _silos = [];
    private readonly Dictionary<string, GatewayProcess> _gateways = [];
    private readonly List<GatewayProcess> _stoppedGateways = [];

    private ProcessCluster(PostgresServer postgres, string database, FakeOtlpCollector collector)
    {
        _postgres = postgres;
        _database = database;
        Collector = collector;
    }

    /// <summary>Where every process sends its spans.</summary>
    public FakeOtlpCollector Collector { get; }

    /// <summary>The silos, by name (<c>silo-1</c>, …), the killed ones too.</summary>
    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>The gateway running now under <paramref name="name"/>.</summary>
    public GatewayProcess Gateway(string name) => _gateways[name];

    /// <summary>Starts <paramref name="silos"/> silos, waits until they are ready, then starts <paramref name="gateways"/> gateways (<c>gateway-a</c>, …).</summary>
    public static async Task<ProcessCluster> StartAsync(int silos, int gateways)
    {
        var postgres = await PostgresServer.GetSharedAsync();
        var cluster = new ProcessCluster(postgres, await postgres.CreateDatabaseAsync("e2e"), FakeOtlpCollector.Start());
        try
        {
            var ready = new List<Task>();
            for (var i = 1; i <= silos; i++)
            {
                var httpPort = ChildProcess.FreePort();
                var silo = ChildProcess.Start($"silo-{i}", s_siloDll.Value, cluster.SiloSettings($"silo-{i}", httpPort));
                cluster._silos.Add(silo);
                ready.Add(WaitUntilReadyAsync(silo, new Uri($"http://127.0.0.1:{httpPort}/health/ready")));
            }

            await Task.WhenAll(ready);
            await Task.WhenAll(Enumerable.Range(0, gateways).Select(i => cluster.StartGatewayAsync($"gateway-{(char)('a' + i)}")));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the gateway <paramref name="name"/>, on <paramref name="port"/> when it restarts one that stopped.</summary>
    public async Task<GatewayProcess> StartGatewayAsync(string name, int? port = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Netra:Cluster:Enabled"] = "true",
            ["Netra:Postgres:ConnectionString"] = _database,
            ["Netra:Cluster:Membership:ClusterId"] = _clusterId,
            ["Netra:Cluster:Client:RefreshInterval"] = "00:00:00.300",
            ["Netra:Auth:SigningKey"] = SigningKey,
            ["Netra:Auth:DevTokens"] = "true",
            ["Netra:Streams:RenewInterval"] = "00:00:00.500",
            ["Netra:Streams:SubscriberLease"] = "00:00:05",
        };
        foreach (var (key, value) in Collector.ExporterEnvironment(name))
        {
            settings[key] = value;
        }

        var gateway = await GatewayProcess.StartAsync(name, settings, port);
        _gateways[name] = gateway;
        return gateway;
    }

    /// <summary>
    /// Stops <paramref name="name"/> with SIGTERM (SIGKILL after 30 s); returns whether it exited by itself, and the
    /// port a gateway restarted in its place takes (<see cref="StartGatewayAsync"/>).
    /// </summary>
    public async Task<(bool Graceful, int Port)> StopGatewayAsync(string name)
    {
        var old = _gateways[name];
        _stoppedGateways.Add(old);
        return (await old.StopAsync(TimeSpan.FromSeconds(30)), old.BaseAddress.Port);
    }

    /// <summary><paramref name="failure"/> with the output of every process, so a failed test shows what they did.</summary>
    public Exception WithOutput(Exception failure)
    {
        // Every line that names a run the failure names (a stuck run's story), then each process's last lines.
        var runs = System.Text.RegularExpressions.Regex.Matches(failure.Message, "run_[0-9a-f]{32}").Select(m => m.Value).Distinct().ToList();
        var outputs = _silos.Select(s => $"===== {s.Name} (pid {s.ProcessId}, {(s.HasExited ? "exited" : "running")}) =====\n{About(s.Output, runs)}{Tail(s.Output)}")
            .Concat(_stoppedGateways.Concat(_gateways.Values).Select(g => $"===== {g.Name} {g.BaseAddress} =====\n{About(g.Output, runs)}{Tail(g.Output)}"));
        return new InvalidOperationException($"{failure.GetType().Name}: {failure.Message}\n\n{string.Join("\n\n", outputs)}", failure);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_gateways.Values.Concat(_stoppedGateways).Select(g => g.DisposeAsync().AsTask())
                .Concat(_silos.Select(s => s.DisposeAsync().AsTask())));
        }
        finally
        {
            await Collector.DisposeAsync();
            await _postgres.DropDatabaseAsync(_database);
        }
    }

    private Dictionary<string, string> SiloSettings(string name, int httpPort)
    {
        var settings = new Dictionary<string, string>
        {
            ["Netra:Postgres:ConnectionString"] = _database,
            ["Netra:Cluster:Enabled"] = "true",
            ["Netra:Cluster:Port"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Netra:Cluster:Membership:ClusterId"] = _clusterId,
            ["Netra:Silo:Name"] = name,
            ["Netra:Silo:HttpUrls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}"),

            // A silo that stops answering is voted dead after 2 × max(0.5 s, 1 s) + 1 s = 3 s; every silo knows 1 s later.
            ["Netra:Cluster:Membership:ProbeInterval"] = "00:00:00.500",
            ["Netra:Cluster:Membership:ProbeTimeout"] = "00:00:01",
            ["Netra:Cluster:Membership:NumMissedProbesLimit"] = "2",
            ["Netra:Cluster:Membership:RefreshInterval"] = "00:00:01",
            ["Netra:Agents:WatchdogInterval"] = "00:00:01",
            ["Netra:Agents:RetryBackoff"] = "00:00:00.050",
            ["Netra:Streams:RenewInterval"] = "00:00:00.500",
            ["Netra:Streams:SubscriberLease"] = "00:00:05",
            ["Netra:Workloads:DemoData"] = "true", // each silo's embedded store gives every user the same demo dataset
        };
        foreach (var (key, value) in Collector.ExporterEnvironment(name))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task WaitUntilReadyAsync(ChildProcess silo, Uri ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"Silo {silo.Name} exited with code {silo.ExitCode} while starting. Its output:\n{silo.Output}");
            }

            try
            {
                if ((await http.GetAsync(ready)).IsSuccessStatusCode)
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
                throw new TimeoutException($"Silo {silo.Name} did not answer {ready} within {StartupTimeout}. Its output:\n{silo.Output}");
            }

            await Task.Delay(250);
        }
    }

    private static string About(string output, IReadOnlyList<string> runs)
    {
        var lines = output.Split('\n').Where(l => runs.Any(r => l.Contains(r, StringComparison.Ordinal))).Take(60).ToList();
        return lines.Count == 0 ? "" : $"--- lines naming {string.Join(", ", runs)} ---\n{string.Join('\n', lines)}\n--- last lines ---\n";
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 150)));
    }
}
