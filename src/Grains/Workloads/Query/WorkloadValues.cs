using System.Globalization;

namespace Netra.Grains.Workloads.Query;

/// <summary>How the embedded store reads fields and dimension keys off a stored event; the definitions of the query model.</summary>
internal static class WorkloadValues
{
    private const string BucketFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private const long MillisecondsPerHour = 3_600_000;
    private const long MillisecondsPerDay = 86_400_000;

    /// <summary>The event's timestamp truncated to milliseconds since the Unix epoch (UTC).</summary>
    public static long TimestampMs(WorkloadEvent e) => e.Timestamp.ToUnixTimeMilliseconds();

    public static double? Field(WorkloadEvent e, long timestampMs, WorkloadField field) => field switch
    {
        WorkloadField.Timestamp => timestampMs,
        WorkloadField.InputTokens => e.InputTokens,
        WorkloadField.OutputTokens => e.OutputTokens,
        WorkloadField.TotalTokens => e.InputTokens + e.OutputTokens,
        WorkloadField.CacheReadInputTokens => e.CacheReadInputTokens,
        WorkloadField.CacheCreationInputTokens => e.CacheCreationInputTokens,
        WorkloadField.LatencyMs => e.LatencyMs,
        WorkloadField.TtftMs => e.TtftMs,
        WorkloadField.CostUsd => e.CostUsd is { } cost ? (double)cost : null,
        WorkloadField.MaxTokens => e.MaxTokens,
        WorkloadField.UnusedMaxTokens => e.MaxTokens is { } max ? max - e.OutputTokens : null,
        WorkloadField.PrefixBlocks => e.PrefixHashes?.Count ?? 0,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown workload field."),
    };

    public static string? Key(WorkloadEvent e, long timestampMs, GroupBy group) => group.Dimension switch
    {
        WorkloadDimension.Dataset => e.Dataset,
        WorkloadDimension.Model => e.Model,
        WorkloadDimension.Provider => e.Provider,
        WorkloadDimension.Operation => e.Operation,
        WorkloadDimension.Feature => e.Feature,
        WorkloadDimension.EndUser => e.EndUser,
        WorkloadDimension.SessionId => e.SessionId,
        WorkloadDimension.Team => e.Team,
        WorkloadDimension.Status => e.Status,
        WorkloadDimension.FinishReason => e.FinishReason,
        WorkloadDimension.PromptHash => e.PromptHash,
        WorkloadDimension.TimeBucket => FormatBucket(BucketStart(timestampMs, group.Bucket!.Value)),
        WorkloadDimension.HourOfDay => HourOfDay(timestampMs).ToString("00", CultureInfo.InvariantCulture),
        WorkloadDimension.DayOfWeek => DayOfWeek(timestampMs).ToString(CultureInfo.InvariantCulture),
        WorkloadDimension.InputTokensBin => TokenBins.Start(e.InputTokens).ToString(CultureInfo.InvariantCulture),
        WorkloadDimension.OutputTokens => e.OutputTokens.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(group), group.Dimension, "Unknown workload dimension."),
    };

    /// <summary>The start of the bucket holding <paramref name="timestampMs"/>, aligned to the epoch.</summary>
    public static long BucketStart(long timestampMs, TimeSpan size)
    {
        var sizeMs = (long)size.TotalMilliseconds;
        return FloorDiv(timestampMs, sizeMs) * sizeMs;
    }

    /// <summary>A time key as <see cref="WorkloadDimension.TimeBucket"/> formats it.</summary>
    public static string FormatBucket(long startMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(startMs).UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture);

    /// <summary>The start of the bucket a <see cref="WorkloadDimension.TimeBucket"/> key names.</summary>
    public static DateTimeOffset ParseBucket(string key) =>
        DateTimeOffset.ParseExact(key, BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The UTC hour of day of <paramref name="timestampMs"/>, 0 to 23, for any timestamp (floored, as before 1970).</summary>
    public static long HourOfDay(long timestampMs) => FloorMod(FloorDiv(timestampMs, MillisecondsPerHour), 24);

    /// <summary>The ISO day of week in UTC of <paramref name="timestampMs"/>, 1 (Monday) to 7 (Sunday).</summary>
    public static long DayOfWeek(long timestampMs) => FloorMod(FloorDiv(timestampMs, MillisecondsPerDay) + 3, 7) + 1;

    /// <summary>⌊<paramref name="a"/> / <paramref name="b"/>⌋ for a positive <paramref name="b"/>.</summary>
    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long FloorMod(long a, long b) => ((a % b) + b) % b;
}
