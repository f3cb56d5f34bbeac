using System.Globalization;
using Netra.Grains.Catalog;

namespace Netra.Grains.Workloads.Demo;

/// <summary>The shape of one synthetic request before its attempts are drawn.</summary>
internal sealed record SyntheticRequest(
    SyntheticFeature Feature, CatalogModel Model, long InputTokens, long WantedOutputTokens, long MaxTokens, string PromptHash,
    IReadOnlyList<long> PrefixHashes, string EndUser);

/// <summary>
/// Draws synthetic requests and their attempts. Prompts are the feature's shared system prompt (the same leading
/// prefix blocks for every request of the feature) plus a user part: log-normal, with a Pareto tail; a share of prompts
/// repeat exactly (same <c>prompt_hash</c>, tokens and blocks). Output is log-normal and cut at max_tokens
/// (<c>finish_reason</c> <c>length</c>). Latency is a + b·input + c·output per model (c from the catalog's tokens/s)
/// with log-normal noise, 30% slower in bursts; a call slower than 60 s times out.
/// </summary>
internal sealed class SyntheticRequests(DemoRandom random, ModelCatalog catalog, string dataset)
{
    /// <summary>Tokens per prefix block, as in the Mooncake trace.</summary>
    public const int BlockTokens = 512;

    private const double TimeoutMs = 60_000;
    private static readonly double[] s_users = DemoRandom.Zipf(1_500, 1.1);
    private long _uniqueBlock = 1_000_000_000_000;
    private long _uniquePrompt;

    public SyntheticRequest Next()
    {
        var feature = SyntheticFeature.All[random.Pick(SyntheticFeature.Cumulative)];
        var model = Model(feature.Models[random.Pick(feature.ModelWeights)].Name);
        var system = feature.SystemBlocks * BlockTokens;
        var systemBlocks = Enumerable.Range(0, feature.SystemBlocks).Select(j => (feature.Id * 1_000_000L) + j);
        var output = random.LogNormal(feature.OutputMedian, feature.OutputSigma, 1, 16_000);
        var user = "u-" + (random.Pick(s_users) + 1).ToString(CultureInfo.InvariantCulture);
        if (random.Chance(feature.RepeatShare))
        {
            var k = random.Pick(feature.RepeatWeights);
            var input = system + 20 + (k * 7_919 % (long)(feature.InputMedian * 2));
            var blocks = Blocks(input) - feature.SystemBlocks;
            return new SyntheticRequest(feature, model, input, output, feature.MaxTokens, Hash(feature.Name, k),
                [.. systemBlocks, .. Enumerable.Range(0, (int)blocks).Select(j => 100_000_000L + (feature.Id * 10_000_000L) + (k * 1_000L) + j)], user);
        }

        var userPart = random.Chance(SyntheticFeature.TailShare)
            ? (long)Math.Min(random.Pareto(feature.InputMedian * 3, 1.2), 100_000)
            : random.LogNormal(feature.InputMedian, feature.InputSigma, 5, 100_000);
        var total = Math.Min(system + userPart, model.ContextWindow - feature.MaxTokens);
        return new SyntheticRequest(feature, model, total, output, feature.MaxTokens, Hash("prompt", ++_uniquePrompt),
            [.. systemBlocks, .. UniqueBlocks(Blocks(total) - feature.SystemBlocks)], user);
    }

    /// <summary>A request of the backfill job: a long document summarized on gpt-4o at night.</summary>
    public SyntheticRequest Backfill()
    {
        var feature = SyntheticFeature.All.Single(f => f.Name == "summarizer");
        var input = BlockTokens + random.LogNormal(20_000, 0.4, 4_000, 100_000);
        return new SyntheticRequest(feature, Model("gpt-4o"), input, random.LogNormal(400, 0.3, 50, 1_024), 1_024, Hash("prompt", ++_uniquePrompt),
            [feature.Id * 1_000_000L, .. UniqueBlocks(Blocks(input) - 1)], "batch-backfill");
    }

    /// <summary>The request's attempts from <paramref name="at"/>: a failure is retried (80%) 1–20 s after it ends, at most 3 tries.</summary>
    public IEnumerable<WorkloadEvent> Attempts(DateTimeOffset at, SyntheticRequest request, string day, bool burst)
    {
        var attempts = new List<WorkloadEvent>(1);
        for (var tries = 0; tries < 3; tries++)
        {
            var e = catalog.Priced(Attempt(at, request, day, burst));
            attempts.Add(e);
            if (e.Status == "ok" || !random.Chance(0.8))
            {
                break;
            }

            at = at.AddMilliseconds(e.LatencyMs!.Value + (1_000 * random.Int(1, 21)));
        }

        return attempts;
    }

    private WorkloadEvent Attempt(DateTimeOffset at, SyntheticRequest request, string day, bool burst)
    {
        var model = request.Model;
        var premium = model.InputPerMTok >= 2.5m;
        var load = burst ? 1.3 : 1.0;
        var a = model.Id == "claude-3-opus" ? 900 : premium ? 420 : 260;
        var ttft = (a + (request.InputTokens * (premium ? 0.04 : 0.02))) * random.Noise(0.25) * load;
        var output = Math.Min(request.WantedOutputTokens, request.MaxTokens);
        var decode = output * (1_000 / model.TokensPerSecond) * random.Noise(0.15) * load;
        var u = random.Uniform();
        var limited = burst ? (premium ? 0.20 : 0.12) : 0.003;
        var status = u < 0.008 ? "error" : u < 0.008 + limited ? "rate_limited" : u < 0.010 + limited || ttft + decode > TimeoutMs ? "timeout" : "ok";
        var e = new WorkloadEvent(
            at, null, model.Provider, model.Id, "chat", request.InputTokens, output, 0, 0, Math.Round(ttft + decode, 1), Math.Round(ttft, 1), "ok",
            request.WantedOutputTokens >= request.MaxTokens ? "length" : "stop", null, request.Feature.Name, request.EndUser,
            $"s-{request.EndUser}-{day}", dataset, request.PromptHash, request.PrefixHashes, request.MaxTokens, request.Feature.Team);
        return status switch
        {
            "error" => e with { Status = status, OutputTokens = 0, LatencyMs = Math.Round(300 + (700 * random.Uniform()), 1), TtftMs = null, FinishReason = null },
            "rate_limited" => e with
            {
                Status = status, OutputTokens = 0, LatencyMs = Math.Round(80 + (120 * random.Uniform()), 1), TtftMs = null, FinishReason = null, CostUsd = 0m,
            },
            "timeout" => e with
            {
                Status = status, LatencyMs = TimeoutMs, FinishReason = null, TtftMs = ttft < TimeoutMs ? Math.Round(ttft, 1) : null,
                OutputTokens = Math.Min(output, (long)Math.Max(0, (TimeoutMs - ttft) / 1_000 * model.TokensPerSecond)),
            },
            _ => e,
        };
    }

    private CatalogModel Model(string name) =>
        catalog.Find(name) ?? throw new InvalidOperationException($"The synthetic workload's model {name} is not in the catalog.");

    private static long Blocks(long inputTokens) => (inputTokens + BlockTokens - 1) / BlockTokens;

    /// <summary>A stable 64-bit hex hash of (kind, index): FNV-1a of the kind, mixed with the index.</summary>
    private static string Hash(string kind, long index)
    {
        var h = 14695981039346656037UL;
        foreach (var c in kind)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h = unchecked((h ^ (ulong)index) * 0x9E3779B97F4A7C15UL);
        h ^= h >> 31;
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }

    private long[] UniqueBlocks(long count)
    {
        var blocks = new long[Math.Max(0, count)];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = _uniqueBlock++;
        }

        return blocks;
    }
}
