using Netra.Grains.Workloads;

namespace Netra.Grains.Tests.Support;

/// <summary>Workload events for tests: defaults everywhere, so a test states only what it is about.</summary>
public static class Sample
{
    /// <summary>The start of the tests' timeline, a Monday.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    public static WorkloadEvent At(
        double minutes,
        string model = "gpt-4o-mini",
        long input = 100,
        long output = 10,
        string status = "ok",
        decimal? cost = null,
        double? latency = null,
        double? ttft = null,
        string? feature = "chat",
        string? endUser = null,
        string dataset = WorkloadDatasets.Default,
        string? finish = "stop",
        long? maxTokens = null,
        string? promptHash = null,
        IReadOnlyList<long>? prefix = null,
        string? provider = "openai",
        long cacheRead = 0,
        string? team = null) =>
        new(T0.AddMinutes(minutes), null, provider, model, "chat", input, output, cacheRead, 0, latency, ttft, status, finish, cost,
            feature, endUser, null, dataset, promptHash, prefix, maxTokens, team);
}
