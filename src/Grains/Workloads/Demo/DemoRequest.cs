namespace Netra.Grains.Workloads.Demo;

/// <summary>The shape of one demo request before status, latency and cost are drawn.</summary>
internal sealed record DemoRequest(
    string Feature,
    string Provider,
    string Model,
    long InputTokens,
    long OutputTokens,
    long MaxTokens,
    long CacheReadInputTokens,
    string PromptHash,
    IReadOnlyList<long> PrefixHashes,
    string EndUser);
