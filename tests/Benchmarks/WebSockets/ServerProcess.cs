using System.Globalization;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// The child's side of the idle-connections case: <c>ws-host netra|raw</c> runs the real gateway (as
/// <see cref="GatewayServer"/>) or the raw baseline (<see cref="RawSocketServer"/>) on a free loopback port, says
/// <c>ready &lt;base address&gt;</c>, and answers the parent, one line each way: <c>memory</c> collects garbage fully
/// and answers <c>memory &lt;RSS KiB before collecting&gt; &lt;RSS KiB&gt; &lt;anonymous RSS KiB&gt; &lt;GC heap bytes&gt;
/// &lt;GC committed bytes&gt;</c>. It exits on <c>quit</c> or when stdin closes. Diagnostics go to stderr.
/// </summary>
internal static class ServerProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        var netra = args is ["netra", ..];
        await using var server = netra ? (IAsyncDisposable)new GatewayServer(GatewayServer.Settings()) : await RawSocketServer.StartAsync();
        var address = server is GatewayServer gateway ? gateway.BaseAddress : ((RawSocketServer)server).BaseAddress;
        Reply($"ready {address}");
        while (await Console.In.ReadLineAsync() is { } line && line != "quit")
        {
            Reply(line == "memory" ? Memory() : $"error unknown command '{line}'");
        }

        return 0;
    }

    /// <summary>Memory after a full, blocking, compacting collection, with the RSS before it.</summary>
    private static string Memory()
    {
        var before = StatusKb("VmRSS");
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return string.Create(CultureInfo.InvariantCulture,
            $"memory {before} {StatusKb("VmRSS")} {StatusKb("RssAnon")} {info.HeapSizeBytes} {info.TotalCommittedBytes}");
    }

    /// <summary>A field of /proc/self/status in KiB, or -1 off Linux.</summary>
    private static long StatusKb(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static void Reply(string line) => Console.Out.WriteLine(line);
}
