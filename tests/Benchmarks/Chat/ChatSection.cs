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
        when the last run completes, rotating three questions that take the whole pipeline (triage, data, the analysis
        tools, optimizations, reporting), e.g. "Where does my money go and how can I cut cost 20%?". Every user's first
        run is unmeasured (it opens the thread and the user's demo data); then {plan.Warmup.TotalSeconds:F0} s of warm-up and {plan.Duration.TotalSeconds:F0} s measured;
        runs that end inside the window count, and runs still going at its end are awaited, never dropped. Before a
        target's first case, {plan.JitWarmup.TotalSeconds:F0} s of unmeasured runs let the JIT tier up in every process.

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
