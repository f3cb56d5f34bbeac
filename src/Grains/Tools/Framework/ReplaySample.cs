using System.Globalization;
using System.Runtime.CompilerServices;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Framework;

/// <summary>
/// What a simulation replays: all the events of its filter when there are at most <c>max_replay_events</c> of them,
/// otherwise a deterministic sample of evenly spaced time windows (<see cref="WindowCount"/> by default) whose length makes them
/// hold about that many events. Whole windows keep what a replay needs from neighbouring requests (bursts, gaps,
/// repeats within minutes), and the store reads only the windows' parts of its time-ordered table. The same filter and
/// data give the same windows on every store. Counts and costs from a sampled replay are of the sample; <see cref="Scale"/>
/// is the factor to all events, and <see cref="RelativeError"/> the spread of the windows' event counts (the relative
/// standard error of a total scaled up from them).
/// </summary>
public sealed class ReplaySample
{
    /// <summary>The default most events a replay reads before it samples.</summary>
    public const long DefaultBudget = 25_000;

    /// <summary>How many windows a sample has by default: a prime, so their spacing cycles through the hours of the day and the weekdays.</summary>
    public const int WindowCount = 47;

    /// <summary>The parameter that sets the budget, for the tools that replay events.</summary>
    public static readonly ToolParameter Parameter = ToolParameters.Integer(
        "max_replay_events",
        "The most events replayed one by one; above it the replay reads evenly spaced time windows that hold about this many, and says so.",
        DefaultBudget, 1_000, 100_000_000);

    private readonly long[] _perWindow;

    private ReplaySample(WorkloadFilter filter, long total, IReadOnlyList<TimeWindow>? windows)
    {
        Filter = filter;
        Total = total;
        Windows = windows;
        _perWindow = new long[windows?.Count ?? 1];
    }

    /// <summary>The filter to replay: the tool's, with the windows when sampled.</summary>
    public WorkloadFilter Filter { get; }

    /// <summary>The events the tool's filter matches.</summary>
    public long Total { get; }

    /// <summary>The sample's windows, or null when every event is replayed.</summary>
    public IReadOnlyList<TimeWindow>? Windows { get; }

    /// <summary>Whether the replay reads a sample.</summary>
    public bool Sampled => Windows is not null;

    /// <summary>The events replayed so far.</summary>
    public long Replayed { get; private set; }

    /// <summary>The window of the last event read (0 when not sampled).</summary>
    public int Window { get; private set; }

    /// <summary>All events over the replayed ones: 1 when not sampled.</summary>
    public double Scale => Sampled && Replayed > 0 ? (double)Total / Replayed : 1;

    /// <summary>The relative standard error of a total scaled from the windows, from the spread of their event counts; 0 when not sampled.</summary>
    public double RelativeError
    {
        get
        {
            if (!Sampled || Replayed == 0)
            {
                return 0;
            }

            var mean = (double)Replayed / _perWindow.Length;
            var variance = _perWindow.Sum(c => (c - mean) * (c - mean)) / Math.Max(1, _perWindow.Length - 1);
            return Math.Sqrt(_perWindow.Length * variance) / Replayed;
        }
    }

    /// <summary>
    /// Counts the events of <paramref name="filter"/> and decides whether to sample them, in <paramref name="windowCount"/>
    /// windows (fewer, longer windows for cache replays, whose state starts empty in each window).
    /// </summary>
    public static Task<ReplaySample> PlanAsync(ToolContext context, WorkloadFilter filter, CancellationToken cancellationToken, int windowCount = WindowCount) =>
        PlanAsync(context, filter, filter, Measure.Count(), windowCount, cancellationToken);

    /// <summary>
    /// Plans the replay of the events of <paramref name="filter"/> that have a value of <paramref name="present"/>, a
    /// field that ingestion never stores below 0, so the replay reads <c>present ≥ 0</c>. The count is of those events
    /// (a count of the field's values) and the windows span all of <paramref name="filter"/>'s events: a query the
    /// stores' hourly rollup answers, where a count under the condition would read every event.
    /// </summary>
    public static Task<ReplaySample> PlanPresentAsync(ToolContext context, WorkloadFilter filter, WorkloadField present, CancellationToken cancellationToken) =>
        PlanAsync(context, filter, filter.And(present, Comparison.GreaterOrEqual, 0), Measure.CountValues(present), WindowCount, cancellationToken);

    private static async Task<ReplaySample> PlanAsync(
        ToolContext context, WorkloadFilter counted, WorkloadFilter filter, Measure count, int windowCount, CancellationToken cancellationToken)
    {
        var budget = context.Arguments.Has(Parameter.Name) ? context.Arguments.Integer(Parameter.Name)!.Value : DefaultBudget;
        var row = (await context.QueryAsync(
            new WorkloadQuery(counted, [], [count, Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp)]), cancellationToken)).Single;
        var total = (long)row.ValueOrZero(0);
        if (total <= budget)
        {
            return new ReplaySample(filter, total, null);
        }

        var first = (long)row.Values[1]!.Value;
        var span = (long)row.Values[2]!.Value + 1 - first;
        var length = Math.Max(1_000, (long)(span * ((double)budget / total) / windowCount));
        var windows = new List<TimeWindow>(windowCount);
        for (var i = 0; i < windowCount; i++)
        {
            var start = first + (long)((i + 0.5) * span / windowCount) - (length / 2);
            var end = start + length;
            if (windows.Count > 0 && start < windows[^1].To.ToUnixTimeMilliseconds())
            {
                continue; // windows longer than their spacing would overlap: the next one starts after
            }

            windows.Add(new TimeWindow(DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end)));
        }

        return new ReplaySample(filter with { Windows = windows }, total, windows);
    }

    /// <summary>Streams the replayed events in timestamp order, counting them per window.</summary>
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(ToolContext context, CancellationToken cancellationToken) => ReadAsync(context, true, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(ToolContext, CancellationToken)"/>; without <paramref name="prompts"/> the events may lack
    /// their prompt and prefix hashes, which replays of routing and latency never read (a third of the bytes to read).
    /// </summary>
    public async IAsyncEnumerable<WorkloadEvent> ReadAsync(ToolContext context, bool prompts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Replayed = 0;
        Window = 0;
        Array.Clear(_perWindow);
        await foreach (var e in context.ReadAsync(Filter, prompts, cancellationToken))
        {
            if (Windows is { } windows)
            {
                var at = e.Timestamp.ToUnixTimeMilliseconds();
                while (Window < windows.Count - 1 && at >= windows[Window].To.ToUnixTimeMilliseconds())
                {
                    Window++;
                }
            }

            _perWindow[Window]++;
            Replayed++;
            yield return e;
        }
    }

    /// <summary>The sampling as the tools' data shows it.</summary>
    public object View() => new
    {
        sampled = Sampled,
        events_matching = Total,
        events_replayed = Replayed,
        scale_to_all_events = ToolText.Round(Scale, 4),
        windows = Windows?.Count ?? 0,
        window_seconds = Windows is [var w, ..] ? (w.To - w.From).TotalSeconds : 0,
        relative_standard_error = ToolText.Round(RelativeError, 4),
        method = Sampled
            ? $"{Windows!.Count} evenly spaced time windows replayed in full; counts and costs from the replay are of the sample (multiply by scale_to_all_events for all events); "
                + "relative_standard_error is that of a total scaled up from the windows, from the spread of their event counts. Shares and rates need no scaling."
            : "every matching event replayed",
    };

    /// <summary>The cache tools' caveat, with a leading space, when sampled: each window starts with an empty cache.</summary>
    public string ColdStartCaveat => Sampled ? " Each window starts with an empty cache, so reuse across windows is missed and the hit figures are a lower bound." : "";

    /// <summary>A sentence for the summary when sampled (with a leading space), else empty.</summary>
    public string Sentence => !Sampled ? "" : string.Create(CultureInfo.InvariantCulture,
        $" This replay read a deterministic sample: {Windows!.Count} evenly spaced windows of {ToolText.Number((Windows[0].To - Windows[0].From).TotalMinutes, 1)} minutes holding "
        + $"{ToolText.Count(Replayed)} of the {ToolText.Count(Total)} events ({ToolText.Percent(ToolText.Share(Replayed, Total))}); its counts and costs are of the sample "
        + $"(×{ToolText.Number(Scale, 1)} for all events, relative standard error about {ToolText.Percent(RelativeError)}).");
}
