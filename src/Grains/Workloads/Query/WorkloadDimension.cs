namespace Netra.Grains.Workloads.Query;

/// <summary>
/// What a <see cref="WorkloadQuery"/> can group by. Keys are strings (null when the event has no value), so every store
/// formats them the same way; the time dimensions are computed in UTC from the timestamp truncated to milliseconds.
/// </summary>
public enum WorkloadDimension
{
    /// <summary>The event's dataset.</summary>
    Dataset,

    /// <summary>The model name as ingested.</summary>
    Model,

    /// <summary>The provider.</summary>
    Provider,

    /// <summary>The operation, such as <c>chat</c>.</summary>
    Operation,

    /// <summary>The product feature.</summary>
    Feature,

    /// <summary>The end user.</summary>
    EndUser,

    /// <summary>The session.</summary>
    SessionId,

    /// <summary>The team (<c>team</c>, a Netra extension of the PROTOCOL event).</summary>
    Team,

    /// <summary><c>ok</c>, <c>error</c>, <c>rate_limited</c> or <c>timeout</c>.</summary>
    Status,

    /// <summary>The finish reason, such as <c>stop</c> or <c>length</c>.</summary>
    FinishReason,

    /// <summary>The hash of the whole prompt.</summary>
    PromptHash,

    /// <summary>
    /// The start of a fixed-size time bucket, aligned to the Unix epoch: <c>floor(ms / size) * size</c>, formatted
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c>. The bucket size is <see cref="GroupBy.Bucket"/>, a whole number of seconds.
    /// </summary>
    TimeBucket,

    /// <summary>The UTC hour of day, <c>00</c> to <c>23</c>.</summary>
    HourOfDay,

    /// <summary>The ISO day of week in UTC, <c>1</c> (Monday) to <c>7</c> (Sunday).</summary>
    DayOfWeek,

    /// <summary>
    /// The input tokens rounded down to a bin of 8 per power of two (the value with every bit below its 4 highest
    /// cleared): 0 to 15 are their own bins, then 16, 18, …, 30, 32, 36, …, 960, 1024, 1152, …; the key is the bin's
    /// start in decimal. Every power of two is a bin edge, and the next edge above v is
    /// <see cref="TokenBins.Next(long)"/>. Values below 16 (negatives included) are their own key.
    /// </summary>
    InputTokensBin,

    /// <summary>
    /// The output tokens themselves, in decimal: a count per value is a histogram, from which the nearest-rank quantiles
    /// of any coarser grouping follow exactly (<see cref="Quantiles"/>), since a workload has few distinct output lengths.
    /// </summary>
    OutputTokens,
}

/// <summary>The bins of <see cref="WorkloadDimension.InputTokensBin"/>: 8 per power of two.</summary>
public static class TokenBins
{
    /// <summary>The width of the bin holding <paramref name="value"/>: the greatest power of two ≤ value, over 8 (at least 1).</summary>
    public static long Width(long value) => value < 16 ? 1 : (1L << (63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value))) / 8;

    /// <summary>The start of the bin holding <paramref name="value"/>.</summary>
    public static long Start(long value) => value / Width(value) * Width(value);

    /// <summary>The first bin edge strictly above <paramref name="value"/>: the end of its bin.</summary>
    public static long Next(long value) => Start(value) + Width(value);
}

/// <summary>
/// A numeric value of an event that measures and conditions read. A field with no value (a null latency, cost or
/// max_tokens) is skipped by every measure but <see cref="MeasureKind.Count"/>, and never satisfies a condition.
/// </summary>
public enum WorkloadField
{
    /// <summary>The timestamp in milliseconds since the Unix epoch.</summary>
    Timestamp,

    /// <summary>Prompt tokens, cached ones included.</summary>
    InputTokens,

    /// <summary>Completion tokens.</summary>
    OutputTokens,

    /// <summary>Input plus output tokens.</summary>
    TotalTokens,

    /// <summary>Prompt tokens read from the provider's cache.</summary>
    CacheReadInputTokens,

    /// <summary>Prompt tokens written to the provider's cache.</summary>
    CacheCreationInputTokens,

    /// <summary>End-to-end latency in milliseconds.</summary>
    LatencyMs,

    /// <summary>Time to first token in milliseconds.</summary>
    TtftMs,

    /// <summary>The cost in USD: the caller's, or the catalog's price when the caller gave none.</summary>
    CostUsd,

    /// <summary>The request's max_tokens.</summary>
    MaxTokens,

    /// <summary>max_tokens minus output tokens: what the request reserved and did not use.</summary>
    UnusedMaxTokens,

    /// <summary>The number of prefix blocks (<c>length(prefix_hashes)</c>; 0 when absent).</summary>
    PrefixBlocks,
}
