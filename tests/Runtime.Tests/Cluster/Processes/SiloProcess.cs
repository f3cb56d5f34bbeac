using System.Diagnostics;
using System.Globalization;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Testing.Processes;

namespace Netra.Runtime.Tests.Cluster.Processes;

/// <summary>
/// A silo in a child process, started as <c>deploy/local/cluster</c> starts one: <c>dotnet Netra.Silo.dll</c> from the
/// Silo's build output, configured by <c>Netra__…</c> environment variables. Its stdout and stderr are kept for
/// failure messages. <see cref="Kill"/> sends SIGKILL; disposing kills it too, and a watchdog kills it if the test
/// process dies first.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly Lazy<string> s_siloDll = new(() => ChildProcess.FindHostDll(typeof(SiloProcess).Assembly, "Silo", "Netra.Silo"));

    private readonly ChildProcess _process;

    private SiloProcess(string name, int port, ChildProcess process)
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
    public int ProcessId => _process.ProcessId;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr (the last 2000 lines).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts <c>dotnet Netra.Silo.dll</c> in cluster mode on <paramref name="port"/>, as silo <paramref name="name"/> of
    /// cluster <paramref name="clusterId"/> with its state and membership in <paramref name="connectionString"/>.
    /// <paramref name="settings"/> are further configuration keys (<c>Netra:Cluster:Membership:ProbeInterval</c>).
    /// </summary>
    public static SiloProcess Start(
        string name, int port, string connectionString, string clusterId, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var configuration = new Dictionary<string, string>
        {
            ["Netra:Postgres:ConnectionString"] = connectionString,
            ["Netra:Cluster:Enabled"] = "true",
            ["Netra:Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Netra:Cluster:Membership:ClusterId"] = clusterId,
            ["Netra:Silo:Name"] = name,
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        return new SiloProcess(name, port, ChildProcess.Start(name, s_siloDll.Value, configuration));
    }

    /// <summary>A free TCP port on 127.0.0.1 (free now; the silo binds it moments later).</summary>
    public static int FreePort() => ChildProcess.FreePort();

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
    public void Kill() => _process.Kill();

    /// <summary>Kills the process if it still runs and waits for it to end.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
