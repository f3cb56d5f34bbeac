using System.Globalization;

namespace Netra.Grains.Workloads.Demo;

/// <summary>
/// The demo workload's product features and the requests each makes: a support bot with a shared system prompt and
/// FAQ repeats, a code assistant with per-repository context, a summarizer that truncates at max_tokens, and search,
/// whose query rewriting runs on a premium model with short prompts.
/// </summary>
internal sealed class DemoFeatures(DemoRandom random)
{
    /// <summary>Tokens per prefix block, as in the Mooncake trace.</summary>
    public const int BlockTokens = 512;

    private static readonly string[] s_names = ["support-bot", "code-assist", "summarizer", "search"];
    private static readonly double[] s_featureWeights = DemoRandom.Cumulative([0.38, 0.25, 0.20, 0.17]);
    private static readonly double[] s_users = DemoRandom.Zipf(1200, 1.1);
    private static readonly double[] s_faqs = DemoRandom.Zipf(150, 1.0);
    private static readonly double[] s_repos = DemoRandom.Zipf(40, 0.9);
    private static readonly double[] s_docs = DemoRandom.Zipf(60, 1.0);
    private static readonly double[] s_queries = DemoRandom.Zipf(300, 1.0);
    private long _uniqueBlock = 10_000_000;
    private long _uniquePrompt;

    /// <summary>A request of a feature drawn by traffic share.</summary>
    public DemoRequest Next() => s_names[random.Pick(s_featureWeights)] switch
    {
        "support-bot" => SupportBot(),
        "code-assist" => CodeAssist(),
        "summarizer" => Summarizer(),
        _ => Search(),
    };

    /// <summary>The backfill job of the spike day: long documents summarized on a premium model.</summary>
    public DemoRequest Backfill()
    {
        var input = random.LogNormal(20_000, 0.4, 4_000, 100_000);
        return new DemoRequest("summarizer", "openai", "gpt-4o", input, random.LogNormal(400, 0.3, 50, 1024), 1024, 0,
            UniquePrompt(), [3001, .. UniqueBlocks(Blocks(input) - 1)], "batch-backfill");
    }

    private DemoRequest SupportBot()
    {
        var mini = random.Chance(0.72);
        var model = mini ? "gpt-4o-mini" : "gpt-4o";
        var output = random.LogNormal(170, 0.6, 5, 1024);
        var cacheRead = random.Chance(0.5) ? 1024 : 0; // OpenAI caches the system prompt when it is warm
        if (random.Chance(0.22))
        {
            var faq = random.Pick(s_faqs);
            var faqInput = 1024 + 120 + (faq * 37 % 400);
            return new DemoRequest("support-bot", "openai", model, faqInput, output, 1024, cacheRead, Hash("faq", faq),
                [1001, 1002, .. Enumerable.Range(0, (int)Blocks(faqInput) - 2).Select(j => 500_000L + (faq * 10) + j)], User());
        }

        var input = 1024 + random.LogNormal(700, 0.7, 50, 12_000);
        return new DemoRequest("support-bot", "openai", model, input, output, 1024, cacheRead, UniquePrompt(),
            [1001, 1002, .. UniqueBlocks(Blocks(input) - 2)], User());
    }

    private DemoRequest CodeAssist()
    {
        var openai = random.Chance(0.6);
        var repo = random.Pick(s_repos);
        var repoBlocks = 4 + (repo % 9);
        var input = (repoBlocks * BlockTokens) + random.LogNormal(600, 0.8, 20, 20_000);
        var cacheRead = openai && random.Chance(0.3) ? repoBlocks * BlockTokens : 0;
        return new DemoRequest("code-assist", openai ? "openai" : "anthropic", openai ? "gpt-4o" : "claude-3-5-sonnet",
            input, random.LogNormal(320, 0.5, 10, 4096), 4096, cacheRead, UniquePrompt(),
            [.. Enumerable.Range(0, repoBlocks).Select(j => 2_000_000L + (repo * 100) + j), .. UniqueBlocks(Blocks(input) - repoBlocks)],
            User());
    }

    private DemoRequest Summarizer()
    {
        var sonnet = random.Chance(0.7);
        var (provider, model) = sonnet ? ("anthropic", "claude-3-5-sonnet") : ("openai", "gpt-4o-mini");
        var output = random.LogNormal(330, 0.45, 20, 512);
        if (random.Chance(0.12))
        {
            var doc = random.Pick(s_docs);
            var docInput = 512 + 2_000 + (doc * 271 % 9_000);
            return new DemoRequest("summarizer", provider, model, docInput, output, 512, 0, Hash("doc", doc),
                [3001, .. Enumerable.Range(0, (int)Blocks(docInput) - 1).Select(j => 3_000_000L + (doc * 1000) + j)], User());
        }

        var input = 512 + random.LogNormal(6_000, 0.8, 300, 120_000);
        return new DemoRequest("summarizer", provider, model, input, output, 512, 0, UniquePrompt(),
            [3001, .. UniqueBlocks(Blocks(input) - 1)], User());
    }

    private DemoRequest Search()
    {
        if (random.Chance(0.55))
        {
            // Query rewriting: a short prompt and a short answer, on the most expensive model of the catalog.
            var popular = random.Chance(0.3);
            var query = random.Pick(s_queries);
            var input = popular ? 90 + (query * 13 % 200) : random.LogNormal(160, 0.4, 40, 600);
            return new DemoRequest("search", "anthropic", "claude-3-opus", input, random.LogNormal(45, 0.4, 5, 200), 256, 0,
                popular ? Hash("query", query) : UniquePrompt(),
                popular ? [4_000_000L + query] : UniqueBlocks(Blocks(input)), User());
        }

        var answerInput = 512 + random.LogNormal(3_000, 0.5, 200, 30_000);
        return new DemoRequest("search", "google", "gemini-1.5-flash", answerInput, random.LogNormal(250, 0.5, 10, 1024), 1024, 0,
            UniquePrompt(), [4001, .. UniqueBlocks(Blocks(answerInput) - 1)], User());
    }

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

    private string User() => "u-" + (random.Pick(s_users) + 1).ToString(CultureInfo.InvariantCulture);

    private string UniquePrompt() => Hash("prompt", ++_uniquePrompt);

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
