using System.Globalization;
using Netra.Grains.Catalog;

namespace Netra.Grains.Workloads.Demo;

/// <summary>
/// A deterministic synthetic workload for the demo dataset: about 20,000 requests over 14 days from four features on
/// five models, with a diurnal curve peaking mid-afternoon UTC, quieter weekends, errors, 429s at peak and timeouts
/// (80% of failures retried within seconds), length-truncated summaries, max_tokens far above use, repeated prompts,
/// shared prompt prefixes, and a cost spike on day 10, when a night-time backfill summarizes long documents on gpt-4o.
/// The same seed and start give the same events; costs come from the catalog, except 429s, which providers do not bill.
/// </summary>
public static class DemoWorkloadGenerator
{
    /// <summary>The seed of the demo data every user gets.</summary>
    public const int DefaultSeed = 20_261_120;

    /// <summary>The days the workload spans.</summary>
    public const int Days = 14;

    /// <summary>The day (0-based) of the backfill's cost spike.</summary>
    public const int SpikeDay = 9;

    private const int WeekdayRequests = 1_500;
    private const int BackfillRequests = 600;
    private const double TimeoutMs = 30_000;

    // Relative traffic per UTC hour: low at night, peaking 14:00–16:00.
    private static readonly double[] s_hourWeights =
        [0.25, 0.2, 0.18, 0.17, 0.18, 0.22, 0.3, 0.42, 0.58, 0.74, 0.86, 0.94, 1.0, 1.04, 1.1, 1.12, 1.08, 0.98, 0.84, 0.7, 0.58, 0.48, 0.38, 0.3];

    private static readonly double[] s_hours = DemoRandom.Cumulative(s_hourWeights);

    /// <summary>Generates the workload of the <see cref="Days"/> days from <paramref name="start"/> into dataset <paramref name="dataset"/>.</summary>
    public static IReadOnlyList<WorkloadEvent> Generate(
        DateTimeOffset start, ModelCatalog catalog, int seed = DefaultSeed, string dataset = WorkloadDatasets.Demo)
    {
        var random = new DemoRandom(seed);
        var features = new DemoFeatures(random);
        var drafts = new List<(DateTimeOffset At, DemoRequest Request, string Session)>();
        for (var day = 0; day < Days; day++)
        {
            var midnight = start.AddDays(day);
            var weekend = midnight.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var requests = (int)(WeekdayRequests * (weekend ? 0.65 : 1.0) * random.Noise(0.05));
            for (var i = 0; i < requests; i++)
            {
                var at = midnight.AddHours(random.Pick(s_hours) + random.Uniform());
                var request = features.Next();
                drafts.Add((at, request, Session(request.EndUser, day)));
            }

            if (day == SpikeDay)
            {
                for (var i = 0; i < BackfillRequests; i++)
                {
                    drafts.Add((midnight.AddHours(1 + (4 * random.Uniform())), features.Backfill(), "backfill-" + day.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        var events = new List<WorkloadEvent>(drafts.Count * 21 / 20);
        foreach (var (at, request, session) in drafts.OrderBy(d => d.At))
        {
            var attempt = at;
            for (var tries = 0; tries < 3; tries++)
            {
                var e = Attempt(random, catalog, attempt, request, session, dataset);
                events.Add(e);
                if (e.Status == "ok" || !random.Chance(0.8))
                {
                    break;
                }

                attempt = attempt.AddMilliseconds((e.LatencyMs ?? 0) + (1_000 * (1 + random.Int(0, 20))));
            }
        }

        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return [.. events.Select((e, i) => catalog.Priced(e with { RequestId = "demo-" + i.ToString(CultureInfo.InvariantCulture) }))];
    }

    private static WorkloadEvent Attempt(
        DemoRandom random, ModelCatalog catalog, DateTimeOffset at, DemoRequest request, string session, string dataset)
    {
        var model = catalog.Find(request.Model);
        var peak = s_hourWeights[at.UtcDateTime.Hour] >= 1.0;
        var premium = request.Model is "gpt-4o" or "claude-3-opus";
        var ttft = (BaseTtftMs(request.Model) + (request.InputTokens * (premium ? 0.04 : 0.02))) * random.Noise(0.25) * (peak ? 1.15 : 1.0);
        var decodeMs = request.OutputTokens / (model?.TokensPerSecond ?? 50) * 1000 * random.Noise(0.15) * (peak ? 1.15 : 1.0);
        var status = (random.Uniform(), peak && premium) switch
        {
            (< 0.012, _) => "error",
            (< 0.036, true) or (< 0.020, false) => "rate_limited",
            (< 0.039, true) or (< 0.023, false) => "timeout",
            _ => ttft + decodeMs > TimeoutMs ? "timeout" : "ok",
        };

        var e = new WorkloadEvent(
            at, null, request.Provider, request.Model, "chat", request.InputTokens, request.OutputTokens, request.CacheReadInputTokens,
            0, Math.Round(ttft + decodeMs, 1), Math.Round(ttft, 1), "ok",
            request.OutputTokens >= request.MaxTokens ? "length" : "stop", null, request.Feature, request.EndUser, session, dataset,
            request.PromptHash, request.PrefixHashes, request.MaxTokens);
        return status switch
        {
            "error" => e with { Status = status, OutputTokens = 0, LatencyMs = Math.Round(300 + (700 * random.Uniform()), 1), TtftMs = null, FinishReason = null },
            "rate_limited" => e with
            {
                Status = status, OutputTokens = 0, CacheReadInputTokens = 0, LatencyMs = Math.Round(80 + (120 * random.Uniform()), 1),
                TtftMs = null, FinishReason = null, CostUsd = 0m,
            },
            "timeout" => e with
            {
                Status = status, LatencyMs = TimeoutMs, FinishReason = null,
                OutputTokens = Math.Min(request.OutputTokens, (long)Math.Max(0, (TimeoutMs - ttft) / 1000 * (model?.TokensPerSecond ?? 50))),
                TtftMs = ttft < TimeoutMs ? Math.Round(ttft, 1) : null,
            },
            _ => e,
        };
    }

    private static double BaseTtftMs(string model) => model switch
    {
        "claude-3-opus" => 900,
        "gpt-4o" or "claude-3-5-sonnet" => 420,
        _ => 260,
    };

    private static string Session(string endUser, int day) => $"s-{endUser}-{day.ToString(CultureInfo.InvariantCulture)}";
}
