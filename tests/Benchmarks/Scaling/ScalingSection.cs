using Netra.Benchmarks.Chat;

namespace Netra.Benchmarks.Scaling;

/// <summary>The scaling case's section of docs/benchmarks.md.</summary>
public static partial class ScalingBenchmark
{
    /// <summary>The section's text: what ran, how, what one machine can and cannot show, and the table.</summary>
    public static string Section(string run, string table, ChatPlan plan, int users) => $"""
        ## Scaling: chat throughput against the number of silos, on one machine

        Command: `dotnet run -c Release --project tests/Benchmarks -- scaling`
        Run: {run}
        For 1, 2 and 3 silos in turn: a fresh local cluster as in the chat case (that many processes of the real silo host
        and one gateway process as their client, PostgreSQL for membership, state and streams, a fresh database each),
        10 users' {plan.WarmupRounds} rounds of unmeasured JIT warm-up through a cluster client, then {users} new users in the chat case's
        closed loop over the gateway's WebSocket, {plan.Rounds(users)} measured rounds each after one unmeasured run. Baseline: the 1-silo row of the same run; the
        ratio is runs/s over the 1-silo runs/s. "Cores per silo" is each silo process's CPU over the whole case, its
        connect and first runs included; "CPU ms/run" counts every process of the case (silos, gateway, and this
        process with its {users} clients) in the measured window; "machine busy" is the whole machine meanwhile, other
        engineers' work included.

        **What one machine can and cannot show.** This machine has {Environment.ProcessorCount} cores, shared by PostgreSQL, the gateway, the
        clients and every silo, and by other engineers' builds. More silo processes add no CPU here; they only divide
        the same cores among more runtimes and add hops between them (a run's grains spread over the silos by the
        hash ring, so most calls between them cross loopback TCP). So this table shows the *cost* of distribution —
        what a run pays in CPU and latency when its grains are spread over processes — not the benefit. The benefit,
        throughput that grows with silos, needs silos on separate machines (or at least separate, otherwise idle cores)
        and a PostgreSQL that is not the bottleneck; it cannot be measured on one 2-core VM.

        {table}
        """;
}
