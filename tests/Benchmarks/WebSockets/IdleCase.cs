using System.Diagnostics;
using System.Globalization;
using Netra.Benchmarks.CrossSilo;

namespace Netra.Benchmarks.WebSockets;

/// <summary>Memory of a server process as its <c>memory</c> command reports it, after a full collection.</summary>
public sealed record ServerMemory(long RssBeforeCollectKb, long RssKb, long RssAnonKb, long GcHeapBytes, long GcCommittedBytes)
{
    public static ServerMemory Parse(string answer)
    {
        var parts = answer.Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new ServerMemory(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }
}

/// <summary>Idle connections held by one server process, and what they cost it.</summary>
public sealed record IdleRow(
    string Server, int Connections, int Users, int Established, TimeSpan ConnectTime, ServerMemory Before, ServerMemory After, double IdleCores)
{
    /// <summary>Resident memory per connection after a full collection, in KiB.</summary>
    public double RssKbPerConnection => (double)(After.RssKb - Before.RssKb) / Connections;

    /// <summary>Resident memory per connection before the forced collection (as the process runs), in KiB.</summary>
    public double RssUncollectedKbPerConnection => (double)(After.RssBeforeCollectKb - Before.RssBeforeCollectKb) / Connections;

    /// <summary>Live managed heap per connection after a full collection, in KiB.</summary>
    public double GcHeapKbPerConnection => (After.GcHeapBytes - Before.GcHeapBytes) / 1024.0 / Connections;
}

/// <summary>
/// Opens idle connections to a server in a child process (<c>ws-host netra|raw</c>, see <see cref="ServerProcess"/>),
/// one user each, from this process: each process holds one end of every socket, within the 20,000 descriptors a
/// process may have here. The child's memory is read after a settle period and a full collection, before and after.
/// </summary>
internal static class IdleCase
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The child's GC as the gateway's own runtimeconfig sets it (the Web SDK's server GC, concurrent), so the raw
    /// server and the gateway run under the same collector as a deployed gateway does.
    /// </summary>
    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["DOTNET_gcServer"] = "1",
        ["DOTNET_gcConcurrent"] = "1",
    };

    /// <summary>Opens <paramref name="connections"/> connections, spread evenly over <paramref name="users"/> users.</summary>
    public static async Task<IdleRow> RunAsync(string server, int connections, int users, TimeSpan settle, TimeSpan cpuWindow)
    {
        await using var child = ChildSilo.StartChild($"ws-host {server}", ["ws-host", server], s_environment);
        var address = new Uri(await child.ExpectAsync("ready", s_startTimeout));
        await Task.Delay(settle);
        var before = ServerMemory.Parse(await child.CommandAsync("memory", "memory", s_startTimeout));

        var userIds = Enumerable.Range(0, users).Select(i => $"idle-{server}-{i}").ToArray();
        var clock = Stopwatch.StartNew();
        await using var clients = await ClientSet.ConnectAsync(
            address, userIds, connections / users, GatewayServer.SigningKey, window: 1, recording: null, parallel: 64);
        var connectTime = clock.Elapsed;
        await Task.Delay(settle);

        var cpuBefore = child.ProcessorTime;
        clock.Restart();
        await Task.Delay(cpuWindow);
        var idleCores = (child.ProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
        var after = ServerMemory.Parse(await child.CommandAsync("memory", "memory", s_startTimeout));

        // Every client read connection_established to connect at all; none may have been closed or errored since.
        var open = clients.Readers.Count(r => r.Error is null && r.IsOpen);
        if (open != connections)
        {
            throw new InvalidOperationException($"{server}: {connections - open} of {connections} idle connections closed or failed.");
        }

        child.PrintStderr();
        return new IdleRow(server, connections, users, clients.Readers.Length, connectTime, before, after, idleCores);
    }
}
