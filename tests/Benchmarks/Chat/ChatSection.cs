namespace Netra.Benchmarks.Chat;

/// <summary>The chat case's section of docs/benchmarks.md.</summary>
public static partial class ChatBenchmark
{
    /// <summary>The section's text: what ran, how, and the table.</summary>
    public static string Section(string run, string table, ChatPlan plan) => $"""
        ## End-to-end chat: message to `agent_completed`

        Command: `dotnet run -c Release --project tests/Benchmarks -- chat`
        Run: {run}
        Latency runs from sending `user_message` over a real `ClientWebSocket` to reading `agent_completed` of the run it
        started (the run whose `agent_started` came next). Each user has its own dev token (`POST /api/auth/dev-token`),
        its own connection and its own thread (opened by its first message); closed loop: a user sends its next message
        when the last run ends, rotating three questions that take the whole pipeline (triage, data, the analysis
        tools, optimizations, reporting), e.g. "Where does my money go and how can I cut cost 20%?". Every user's first
        run is unmeasured (it opens the thread and the user's demo data); then each user runs {plan.Rounds(1)}, {plan.Rounds(10)} and {plan.Rounds(100)} measured
        rounds at 1, 10 and 100 users, all measured; runs/s is the measured runs over the time from the first send to the
        last run's end. A run that ends in `agent_error` is counted as failed, outside the percentiles. Before a
        target's first case, 10 users run {plan.WarmupRounds} unmeasured rounds without the gateway, so the JIT has tiered up in every process.

        **Embedded**: the real gateway `Program` (embedded default: in-process silo, memory state and streams,
        deterministic model, demo data) on Kestrel on loopback, *in this process* with its clients. Baseline: the same
        pipeline in this process without the gateway: a silo built by the same `AddNetraGrains`, each user's thread
        created on the thread grain, its stream `user/{"{id}"}` subscribed, and each message submitted with
        `IThreadGrain.SubmitRunAsync`, done when `agent_completed` arrives on the stream. **{plan.ClusterSilos}-silo cluster**:
        {plan.ClusterSilos} processes of the real silo host and one process of the real gateway as their cluster client
        (`dotnet Netra.Silo.dll` / `Netra.Gateway.dll`, configured as `deploy/local/cluster` does), membership, grain
        state and streams in a fresh database of the throwaway PostgreSQL; workload analytics in each silo's memory
        with the demo data (no ClickHouse). Baseline: a cluster client in this process calling the same silos as the
        embedded baseline calls its silo.

        "CPU ms/run": CPU time of the processes involved per completed run in the window (embedded: this process,
        server and clients; cluster: the silos, the gateway and this process). "Machine busy": the whole machine in the
        window, figure / baseline, other engineers' work on this shared machine included. "p95 × baseline" is the
        figure's p95 over the baseline's.

        {table}
        """;
}
