namespace Netra.Benchmarks.WorkloadSize;

/// <summary>The docs section of the workload-size benchmark.</summary>
public static class WorkloadSizeSection
{
    public static string Text(string run, string table) => $"""
        ## Scaling: end-to-end chat latency against workload size

        Command: `dotnet run -c Release --project tests/Benchmarks -- workload-size --reuse-data`
        Run: {run}
        One user asks, over a real WebSocket to the real gateway (in this process, embedded silo) whose workload store is a
        throwaway ClickHouse 18.16, "Where does my money go in dataset X, and how can I cut cost 20%?" for synthetic
        datasets of 100,000, 1,000,000 and 10,000,000 events (the tools benchmark's, same seed; `--reuse-data` reuses its
        ClickHouse directory). Each question runs the whole pipeline (triage, data, optimizations, actions, reporting) and
        the tools it plans; one unmeasured run per dataset, then 3 runs one after another, from `user_message` to
        `agent_completed`. Baseline: one `count(), sum(cost)` scan of the same dataset through the same store, the floor
        any tool pays; the last column says how many such scans a run costs.

        {table}
        """;
}
