using System.Globalization;
using Netra.Benchmarks.Chat;
using Netra.Benchmarks.Scaling;
using Netra.Benchmarks.StateWrites;

namespace Netra.Benchmarks;

/// <summary>The summary's rows for the state-writes, chat and scaling benchmarks.</summary>
public static class HeadlinesChat
{
    private const double StateWriteRatioAim = 0.8;
    private const double ChatP95AimMs = 1_000;

    public static IReadOnlyList<Figure> StateWrites(IEnumerable<StateWritesRow> rows) =>
        [.. rows.Select(r => new Figure(
            $"state writes/s, {r.Writers:N0} writers", Rate(r.Grain), $"{Rate(r.Raw)} (raw Npgsql upserts)", r.Grain.CallsPerSecond / r.Raw.CallsPerSecond,
            $"ratio ≥ {StateWriteRatioAim:F1}", r.Grain.CallsPerSecond / r.Raw.CallsPerSecond >= StateWriteRatioAim))];

    public static IReadOnlyList<Figure> Chat(IEnumerable<ChatRow> rows) =>
        [.. rows.Select(r =>
        {
            var aim = r.Users == 100 && r.Target.Contains("embedded", StringComparison.OrdinalIgnoreCase);
            return new Figure(
                $"chat p95 message → agent_completed, {r.Target}, {r.Users:N0} users", Latency(r.Figure), $"{Latency(r.Baseline)} (without the gateway)",
                r.Baseline.P95Ms / r.Figure.P95Ms, aim ? "p95 < 1 s" : "—", aim ? r.Figure.P95Ms < ChatP95AimMs : null);
        })];

    public static IReadOnlyList<Figure> Scaling(IReadOnlyList<ScalingRow> rows)
    {
        var one = rows.FirstOrDefault(r => r.Silos == 1);
        return [.. rows.Select(r => new Figure(
            $"chat runs/s, 100 users, {r.Silos} silo process(es)", string.Create(CultureInfo.InvariantCulture, $"{r.Chat.RunsPerSecond:F1} runs/s"),
            one is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{one.Chat.RunsPerSecond:F1} runs/s (1 silo)"),
            one is null ? null : r.Chat.RunsPerSecond / one.Chat.RunsPerSecond, "—", null))];
    }

    private static string Rate(Measurement m) => string.Create(CultureInfo.InvariantCulture, $"{m.CallsPerSecond:N0}");

    private static string Latency(ChatMeasurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"p95 {m.P95Ms / 1000:F2} s (p50 {m.P50Ms / 1000:F2} s, {m.RunsPerSecond:F1} runs/s)");
}
