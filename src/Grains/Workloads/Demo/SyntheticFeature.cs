namespace Netra.Grains.Workloads.Demo;

/// <summary>A model a feature calls, with its share of the feature's traffic.</summary>
internal sealed record SyntheticModel(string Name, double Weight);

/// <summary>
/// One product feature of the synthetic workload: its team, traffic share and models; a shared system prompt of
/// <see cref="SystemBlocks"/> prefix blocks; log-normal prompt and output lengths with a Pareto tail on prompts; the
/// max_tokens it sets; and the share of its prompts drawn from a pool of <see cref="RepeatPool"/> repeated ones.
/// </summary>
internal sealed record SyntheticFeature(
    int Id,
    string Name,
    string Team,
    double Weight,
    IReadOnlyList<SyntheticModel> Models,
    int SystemBlocks,
    double InputMedian,
    double InputSigma,
    double OutputMedian,
    double OutputSigma,
    long MaxTokens,
    double RepeatShare,
    int RepeatPool)
{
    /// <summary>The share of prompts whose user part comes from the Pareto tail instead of the log-normal body.</summary>
    public const double TailShare = 0.04;

    /// <summary>The features of every synthetic workload, by traffic share; four teams own them.</summary>
    public static readonly IReadOnlyList<SyntheticFeature> All =
    [
        new(1, "support-bot", "support", 0.30, [new("gpt-4o-mini", 0.7), new("gpt-4o", 0.3)], 2, 600, 0.8, 160, 0.6, 4096, 0.22, 150),
        new(2, "code-assist", "platform", 0.22, [new("claude-3-5-sonnet", 0.5), new("gpt-4o", 0.3), new("gpt-4.1-mini", 0.2)], 3, 2_500, 1.0, 350, 0.6, 4096, 0.05, 50),
        new(3, "summarizer", "data", 0.18, [new("claude-3-5-sonnet", 0.5), new("gpt-4o-mini", 0.3), new("gemini-1.5-pro", 0.2)], 1, 6_000, 0.9, 380, 0.45, 512, 0.12, 60),
        new(4, "search", "growth", 0.20, [new("claude-3-opus", 0.55), new("gemini-1.5-flash", 0.25), new("claude-3-haiku", 0.2)], 0, 180, 0.5, 45, 0.4, 256, 0.30, 300),
        new(5, "email-triage", "support", 0.10, [new("claude-3-haiku", 0.6), new("llama-3.1-70b-instruct", 0.4)], 1, 900, 0.7, 60, 0.5, 1024, 0.08, 100),
    ];

    /// <summary>Cumulative traffic weights of <see cref="All"/>.</summary>
    public static readonly double[] Cumulative = DemoRandom.Cumulative(All.Select(f => f.Weight));

    /// <summary>Cumulative weights of <see cref="Models"/>.</summary>
    public double[] ModelWeights { get; } = DemoRandom.Cumulative(Models.Select(m => m.Weight));

    /// <summary>Zipf weights over the repeated-prompt pool: a few prompts repeat very often.</summary>
    public double[] RepeatWeights { get; } = DemoRandom.Zipf(RepeatPool, 1.0);
}
