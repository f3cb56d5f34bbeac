using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Netra.Benchmarks.WebSockets;

namespace Netra.Benchmarks.Chat;

/// <summary>One target and user count: the chat over the gateway beside the same pipeline without it.</summary>
public sealed record ChatRow(string Target, int Users, ChatMeasurement Figure, ChatMeasurement Baseline);

/// <summary>How long each case runs, and with how many users.</summary>
/// <remarks>
/// Each user runs <see cref="Rounds"/> measured runs after its first. <c>WarmupRounds</c>: before the first measured
/// case of a target, 10 users run that many rounds without the gateway, unmeasured, so that the tools' and the query
/// engine's code has tiered up (with PGO) in every process before either figure is taken; otherwise the first case
/// pays for the JIT.
/// </remarks>
public sealed record ChatPlan(IReadOnlyList<int> Users, int MeasuredRuns, int MinRounds, int ClusterSilos, int WarmupRounds)
{
    /// <summary>Whether the cluster target runs too (exploring with <c>--embedded-only</c> skips it).</summary>
    public bool Cluster { get; init; } = true;

    public static ChatPlan Full { get; } = new([1, 10, 100], 40, 2, 3, 3);

    public static ChatPlan Smoke { get; } = new([1, 10], 1, 1, 3, 0);

    /// <summary>Measured runs per user: enough for <see cref="MeasuredRuns"/> in all, at least <see cref="MinRounds"/>.</summary>
    public int Rounds(int users) => Math.Max(MinRounds, (MeasuredRuns + users - 1) / users);
}

/// <summary>
/// End-to-end chat: a user sends <c>user_message</c> over a real WebSocket and waits for the run's
/// <c>agent_completed</c>, closed loop, on the embedded default (the real gateway <c>Program</c> on Kestrel in this
/// process, <see cref="GatewayServer"/>) and on a local cluster (<see cref="LocalCluster"/>: silo processes and a
/// gateway process). Baselines: the same pipeline in this process without the gateway (<see cref="GrainChatUser"/>)
/// on an embedded silo, and on a cluster client of the same silos.
/// </summary>
public static partial class ChatBenchmark
{
    public static async Task<IReadOnlyList<ChatRow>> RunAsync(ChatPlan plan)
    {
        var rows = new List<ChatRow>();
        await using (var gateway = new GatewayServer(GatewayServer.Settings()))
        {
            using var silo = await ChatHosts.StartEmbeddedSiloAsync();
            await WarmUpAsync(silo, plan, OwnCpu);
            foreach (var users in plan.Users)
            {
                var figure = await MeasureGatewayAsync("embedded gateway", gateway.BaseAddress, users, plan, OwnCpu);
                var baseline = await MeasureHostAsync("embedded pipeline", silo, users, plan, OwnCpu);
                rows.Add(new ChatRow("embedded", users, figure, baseline));
            }

            await silo.StopAsync();
        }

        if (!plan.Cluster)
        {
            return rows;
        }

        await using (var cluster = await LocalCluster.StartAsync(plan.ClusterSilos))
        {
            using var client = await ChatHosts.StartClusterClientAsync(cluster);
            await WarmUpAsync(client, plan, () => OwnCpu() + cluster.ProcessorTime());
            foreach (var users in plan.Users)
            {
                var figure = await MeasureGatewayAsync("cluster gateway", cluster.GatewayAddress, users, plan, () => OwnCpu() + cluster.ProcessorTime());
                var baseline = await MeasureHostAsync("cluster client", client, users, plan, () => OwnCpu() + cluster.ProcessorTime());
                var exited = cluster.Exited.Count == 0 ? "" : $" ({string.Join(", ", cluster.Exited)} exited during the run)";
                rows.Add(new ChatRow($"{plan.ClusterSilos}-silo cluster{exited}", users, figure, baseline));
            }

            await client.StopAsync();
        }

        return rows;
    }

    /// <summary>The closed loop of <paramref name="users"/> new users over the gateway at <paramref name="address"/>.</summary>
    internal static async Task<ChatMeasurement> MeasureGatewayAsync(string name, Uri address, int users, ChatPlan plan, Func<TimeSpan> cpu)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var ids = NewUserIds(users);
        var clients = new IChatUser[users];
        try
        {
            await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, _) =>
                clients[i] = await SocketChatUser.ConnectAsync(http, ids[i]));
            var measured = await ChatLoop.RunAsync(name, clients, plan.Rounds(users), cpu);
            Console.WriteLine(Line(measured));
            return measured;
        }
        finally
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisposeAsync();
            }
        }
    }

    public static string Table(IEnumerable<ChatRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| target | users | runs (failed) | runs/s | p50 ms | p95 ms | p99 ms | CPU ms/run | baseline runs (failed) | runs/s | p50 ms | p95 ms | p99 ms | CPU ms/run | ratio runs/s (figure/baseline) | p95 × baseline | machine busy (cores) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (target, users, figure, baseline) in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target} | {users:N0} | {figure.Runs:N0} ({figure.Failed}) | {figure.RunsPerSecond:F1} | {figure.P50Ms:F0} | {figure.P95Ms:F0} | {figure.P99Ms:F0} | {figure.CpuMsPerRun:F0} | {baseline.Runs:N0} ({baseline.Failed}) | {baseline.RunsPerSecond:F1} | {baseline.P50Ms:F0} | {baseline.P95Ms:F0} | {baseline.P99Ms:F0} | {baseline.CpuMsPerRun:F0} | {figure.RunsPerSecond / baseline.RunsPerSecond:F2} | {figure.P95Ms / baseline.P95Ms:F2} | {figure.MachineCores:F2} / {baseline.MachineCores:F2} |"));
        }

        return text.ToString();
    }

    internal static string Line(ChatMeasurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Name}, {m.Users} users: {m.Runs} runs ({m.Failed} failed) in {m.Elapsed.TotalSeconds:F1} s, {m.RunsPerSecond:F1} runs/s, p50 {m.P50Ms:F0} ms, p95 {m.P95Ms:F0} ms, p99 {m.P99Ms:F0} ms, {m.CpuCores:F2} cores ({m.CpuMsPerRun:F0} ms a run), machine {m.MachineCores:F2} cores");

    /// <summary>Runs <see cref="ChatPlan.WarmupRounds"/> rounds of the loop with 10 users through <paramref name="host"/>, unmeasured.</summary>
    internal static async Task WarmUpAsync(IHost host, ChatPlan plan, Func<TimeSpan> cpu)
    {
        if (plan.WarmupRounds > 0)
        {
            await MeasureHostAsync("JIT warm-up (discarded)", host, 10, plan with { MeasuredRuns = 10 * plan.WarmupRounds, MinRounds = plan.WarmupRounds }, cpu);
        }
    }

    /// <summary>The CPU time of this process so far.</summary>
    internal static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static async Task<ChatMeasurement> MeasureHostAsync(string name, IHost host, int users, ChatPlan plan, Func<TimeSpan> cpu)
    {
        var clients = await ChatHosts.UsersAsync(host, NewUserIds(users));
        try
        {
            var measured = await ChatLoop.RunAsync(name, clients, plan.Rounds(users), cpu);
            Console.WriteLine(Line(measured));
            return measured;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static string[] NewUserIds(int count)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"bench-{prefix}-{i}"))];
    }
}
