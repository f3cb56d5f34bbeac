using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Workload;

/// <summary>The distribution of one field (nearest-rank quantiles; null when no event has the field).</summary>
/// <param name="Count">Events with a value.</param>
/// <param name="Sum">The sum of the values.</param>
/// <param name="Mean">The mean.</param>
/// <param name="P50">The median (nearest rank).</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The greatest value.</param>
public sealed record Distribution(long Count, double Sum, double? Mean, double? P50, double? P90, double? P99, double? Max);

/// <summary>One row of a profile's breakdowns.</summary>
/// <param name="Name">The model, feature, status or dataset (<c>(none)</c> when events lack it).</param>
/// <param name="Requests">Its requests.</param>
/// <param name="CostUsd">Its cost.</param>
/// <param name="Share">Its share of the requests.</param>
public sealed record ProfileGroup(string Name, long Requests, double CostUsd, double Share);

/// <summary>A user's workload at a glance: what <c>workload_profiler</c> and <c>GET /api/workloads/summary</c> return.</summary>
/// <param name="Requests">Events in scope.</param>
/// <param name="FirstTimestamp">The earliest event.</param>
/// <param name="LastTimestamp">The latest event.</param>
/// <param name="Days">The span between them in days.</param>
/// <param name="CostUsd">Total cost of the priced events.</param>
/// <param name="UnpricedRequests">Events with no cost (model not in the catalog and no cost given).</param>
/// <param name="EndUsers">Distinct end users.</param>
/// <param name="Sessions">Distinct sessions.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="LatencyMs">Latency of requests that report it.</param>
/// <param name="TtftMs">Time to first token of requests that report it.</param>
/// <param name="Models">Requests and cost by model.</param>
/// <param name="Providers">Requests and cost by provider.</param>
/// <param name="Features">Requests and cost by feature.</param>
/// <param name="Statuses">Requests by status.</param>
/// <param name="Datasets">Requests by dataset.</param>
public sealed record WorkloadProfile(
    long Requests,
    DateTimeOffset? FirstTimestamp,
    DateTimeOffset? LastTimestamp,
    double Days,
    double CostUsd,
    long UnpricedRequests,
    long EndUsers,
    long Sessions,
    Distribution InputTokens,
    Distribution OutputTokens,
    Distribution LatencyMs,
    Distribution TtftMs,
    IReadOnlyList<ProfileGroup> Models,
    IReadOnlyList<ProfileGroup> Providers,
    IReadOnlyList<ProfileGroup> Features,
    IReadOnlyList<ProfileGroup> Statuses,
    IReadOnlyList<ProfileGroup> Datasets)
{
    private static readonly double[] s_levels = [0.5, 0.9, 0.99];

    /// <summary>Profiles the user's events that match <paramref name="filter"/>, with aggregations in the store.</summary>
    public static Task<WorkloadProfile> ComputeAsync(IWorkloadStore store, string userId, WorkloadFilter filter, CancellationToken cancellationToken) =>
        ComputeAsync(query => store.QueryAsync(userId, query, cancellationToken), filter);

    /// <summary>Profiles the events of a tool call's filter.</summary>
    public static Task<WorkloadProfile> ComputeAsync(ToolContext context, CancellationToken cancellationToken) =>
        ComputeAsync(query => context.QueryAsync(query, cancellationToken), context.Filter);

    private static async Task<WorkloadProfile> ComputeAsync(Func<WorkloadQuery, Task<WorkloadQueryResult>> query, WorkloadFilter filter)
    {
        WorkloadField[] distributions = [WorkloadField.InputTokens, WorkloadField.OutputTokens, WorkloadField.LatencyMs, WorkloadField.TtftMs];
        List<Measure> measures =
        [
            Measure.Count(), Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp), Measure.Sum(WorkloadField.CostUsd),
            Measure.CountValues(WorkloadField.CostUsd),
            .. distributions.SelectMany(f => new[] { Measure.CountValues(f), Measure.Sum(f), Measure.Avg(f), Measure.Max(f) }),
        ];
        WorkloadField[] scanned = [WorkloadField.InputTokens, WorkloadField.LatencyMs, WorkloadField.TtftMs];
        List<Measure> exact =
        [
            Measure.CountDistinct(WorkloadDimension.EndUser), Measure.CountDistinct(WorkloadDimension.SessionId),
            .. scanned.SelectMany(f => s_levels.Select(l => Measure.Quantile(f, l))),
        ];

        // The counts, sums and extremes, and (model, provider, feature, status, dataset), which every group table sums, are
        // what the hourly rollup can answer. Two scans of the events: the distinct counts with the percentiles, and a count
        // per output length, whose percentiles follow exactly from it (few distinct lengths).
        GroupBy[] keys = [WorkloadDimension.Model, WorkloadDimension.Provider, WorkloadDimension.Feature, WorkloadDimension.Status, WorkloadDimension.Dataset];
        var totalTask = query(new WorkloadQuery(filter, [], measures));
        var exactTask = query(new WorkloadQuery(filter, [], exact));
        var outputTask = query(new WorkloadQuery(filter, [WorkloadDimension.OutputTokens], [Measure.Count()]));
        var groupTask = query(new WorkloadQuery(filter, keys, [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]));
        await Task.WhenAll(totalTask, exactTask, outputTask, groupTask);
        var totals = (await totalTask).Single;
        var scans = (await exactTask).Single;
        var output = Quantiles.NearestRanks(
            (await outputTask).Rows.Select(r => (double.Parse(r.Keys[0]!, CultureInfo.InvariantCulture), (long)r.ValueOrZero(0))), s_levels);
        var groups = (await groupTask).Rows;
        var requests = (long)totals.ValueOrZero(0);
        var first = totals.Values[1] is { } min ? DateTimeOffset.FromUnixTimeMilliseconds((long)min) : (DateTimeOffset?)null;
        var last = totals.Values[2] is { } max ? DateTimeOffset.FromUnixTimeMilliseconds((long)max) : (DateTimeOffset?)null;

        IReadOnlyList<ProfileGroup> Groups(int key) =>
        [
            .. groups.GroupBy(r => ToolQueries.Label(r.Keys[key]), StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Requests: g.Sum(r => r.ValueOrZero(0)), Cost: g.Sum(r => r.ValueOrZero(1))))
                .Select(g => new ProfileGroup(g.Name, (long)g.Requests, g.Cost, ToolText.Share(g.Requests, requests)))
                .OrderByDescending(g => g.Requests).ThenBy(g => g.Name, StringComparer.Ordinal),
        ];

        return new WorkloadProfile(
            requests,
            first,
            last,
            first is { } f && last is { } l ? (l - f).TotalDays : 0,
            totals.ValueOrZero(3),
            requests - (long)totals.ValueOrZero(4),
            (long)scans.ValueOrZero(0),
            (long)scans.ValueOrZero(1),
            ReadDistribution(totals, 5, [scans.Values[2], scans.Values[3], scans.Values[4]]),
            ReadDistribution(totals, 5 + 4, output),
            ReadDistribution(totals, 5 + 8, [scans.Values[5], scans.Values[6], scans.Values[7]]),
            ReadDistribution(totals, 5 + 12, [scans.Values[8], scans.Values[9], scans.Values[10]]),
            Groups(0),
            Groups(1),
            Groups(2),
            Groups(3),
            Groups(4));
    }

    private static Distribution ReadDistribution(WorkloadQueryRow row, int at, IReadOnlyList<double?> percentiles) =>
        new((long)row.ValueOrZero(at), row.ValueOrZero(at + 1), row.Values[at + 2], percentiles[0], percentiles[1], percentiles[2], row.Values[at + 3]);
}
