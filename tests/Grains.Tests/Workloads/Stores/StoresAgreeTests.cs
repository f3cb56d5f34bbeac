using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>
/// The same random workload in both stores, and every dimension, measure and filter kind asked of both: ClickHouse must
/// answer as the embedded store does (sums to 1e-9 relative, everything else exactly).
/// </summary>
public sealed class StoresAgreeTests
{
    private static readonly WorkloadField[] s_fields = Enum.GetValues<WorkloadField>();
    private static readonly Lazy<Task<(IWorkloadStore Embedded, IWorkloadStore ClickHouse, string User)>> s_stores = new(SeedAsync);

    public static TheoryData<string> Dimensions() => [.. Enum.GetNames<WorkloadDimension>()];

    [Theory]
    [MemberData(nameof(Dimensions))]
    public async Task Every_measure_grouped_by_each_dimension_agrees(string dimension)
    {
        var d = Enum.Parse<WorkloadDimension>(dimension);
        GroupBy group = d == WorkloadDimension.TimeBucket ? GroupBy.Time(TimeSpan.FromHours(3)) : d;
        await AssertAgreeAsync(new WorkloadQuery(WorkloadFilter.All, [group], AllMeasures()));
    }

    [Fact]
    public async Task Two_and_three_level_groupings_and_odd_buckets_agree()
    {
        await AssertAgreeAsync(new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Team, WorkloadDimension.Model], AllMeasures()));
        await AssertAgreeAsync(new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.DayOfWeek, WorkloadDimension.HourOfDay, WorkloadDimension.Status], [Measure.Count()]));
        await AssertAgreeAsync(new WorkloadQuery(WorkloadFilter.All, [GroupBy.Time(TimeSpan.FromSeconds(7))], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]));
        await AssertAgreeAsync(new WorkloadQuery(WorkloadFilter.All, [GroupBy.Time(TimeSpan.FromDays(7))], [Measure.Count()]));
    }

    public static TheoryData<int> Filters() => [.. Enumerable.Range(0, FilterCases().Length)];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_kind_agrees_in_queries_and_reads(int index)
    {
        var filter = FilterCases()[index];
        await AssertAgreeAsync(new WorkloadQuery(filter, [], AllMeasures()));
        await AssertAgreeAsync(new WorkloadQuery(filter, [WorkloadDimension.Feature], [Measure.Count(), Measure.Quantile(WorkloadField.LatencyMs, 0.9)]));
        var (embedded, clickHouse, user) = await s_stores.Value;
        var expected = await embedded.ReadAsync(user, filter, CancellationToken.None).ToListAsync();
        var actual = await clickHouse.ReadAsync(user, filter, CancellationToken.None).ToListAsync();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { PrefixHashes = null }, actual[i] with { PrefixHashes = null });
            Assert.Equal(expected[i].PrefixHashes, actual[i].PrefixHashes);
        }
    }

    private static WorkloadFilter[] FilterCases() =>
    [
        WorkloadFilter.All,
        new() { Dataset = "b" },
        new() { Dataset = "missing" },
        new() { From = Sample.T0.AddHours(5), To = Sample.T0.AddDays(2).AddMilliseconds(1) },
        new() { Models = ["gpt-4o-mini", "claude-3-5-sonnet"], Statuses = ["ok", "error"] },
        new() { Providers = ["openai"], Features = ["search", "nope"], EndUsers = ["eu1", "eu2"] },
        new() { Teams = ["alpha"], FinishReasons = ["length"] },
        new() { Teams = [] },
        WorkloadFilter.All.And(WorkloadField.LatencyMs, Comparison.Greater, 500).And(WorkloadField.CostUsd, Comparison.LessOrEqual, 0.001),
        WorkloadFilter.All.And(WorkloadField.UnusedMaxTokens, Comparison.GreaterOrEqual, 100).And(WorkloadField.PrefixBlocks, Comparison.Less, 3),
        WorkloadFilter.All.And(WorkloadField.Timestamp, Comparison.Less, Sample.T0.AddDays(1).ToUnixTimeMilliseconds()),
    ];

    private static Measure[] AllMeasures() =>
    [
        Measure.Count(),
        Measure.CountDistinct(WorkloadDimension.EndUser),
        Measure.CountDistinct(WorkloadDimension.Team),
        Measure.CountDistinct(WorkloadDimension.Feature), // LowCardinality(Nullable) in ClickHouse
        Measure.CountPresent(WorkloadDimension.Feature),
        .. s_fields.SelectMany(f => new[]
        {
            Measure.CountValues(f), Measure.Sum(f), Measure.Avg(f), Measure.Min(f), Measure.Max(f),
            Measure.Quantile(f, 0), Measure.Quantile(f, 0.5), Measure.Quantile(f, 0.95), Measure.Quantile(f, 1),
        }),
    ];

    private static async Task AssertAgreeAsync(WorkloadQuery query)
    {
        var (embedded, clickHouse, user) = await s_stores.Value;
        var expected = await embedded.QueryAsync(user, query, CancellationToken.None);
        var actual = await clickHouse.QueryAsync(user, query, CancellationToken.None);
        Assert.Equal(expected.Rows.Select(r => r.Keys.ToArray()), actual.Rows.Select(r => r.Keys.ToArray()));
        for (var r = 0; r < expected.Rows.Count; r++)
        {
            for (var m = 0; m < query.Measures.Count; m++)
            {
                var (e, a) = (expected.Rows[r].Values[m], actual.Rows[r].Values[m]);
                Assert.True(
                    e is null ? a is null : a is { } value && ResultComparer.Close(e.Value, value),
                    $"{query.Measures[m]} of row {string.Join('|', expected.Rows[r].Keys)}: embedded {e}, ClickHouse {a}");
            }
        }
    }

    private static async Task<(IWorkloadStore, IWorkloadStore, string)> SeedAsync()
    {
        var random = new Random(20261116);
        string?[] teams = ["alpha", "beta", null, "Beta", "ünï"];
        string[] models = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet", "mystery"];
        var events = Enumerable.Range(0, 3000).Select(i => ModelCatalog.Default.Priced(Sample.At(
            random.Next(-600, 60 * 24 * 9) + (random.Next(1000) / 1000.0),
            model: models[random.Next(models.Length)],
            input: random.Next(1, 20_000),
            output: random.Next(0, 2_000),
            status: random.Next(10) == 0 ? "error" : "ok",
            cost: random.Next(5) == 0 ? random.Next(1, 100_000) / 1_000_000m : null,
            latency: random.Next(6) == 0 ? null : Math.Round(random.NextDouble() * 3000, 3),
            ttft: random.Next(3) == 0 ? null : random.Next(20, 900),
            feature: random.Next(8) == 0 ? null : $"{(random.Next(2) == 0 ? "search" : "chat")}",
            endUser: random.Next(4) == 0 ? null : $"eu{random.Next(6)}",
            dataset: random.Next(3) == 0 ? "b" : "a",
            finish: random.Next(5) == 0 ? "length" : "stop",
            maxTokens: random.Next(3) == 0 ? null : random.Next(100, 4000),
            promptHash: random.Next(2) == 0 ? null : $"h{random.Next(40)}",
            prefix: random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.NextInt64())],
            provider: random.Next(7) == 0 ? null : "openai",
            cacheRead: random.Next(0, 500),
            team: teams[random.Next(teams.Length)]) with { SessionId = $"s{random.Next(50)}" })).ToList();
        var embedded = new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions()));
        var clickHouse = await ClickHouseStores.SharedAsync();
        var user = ClickHouseStores.NewUser("agree");
        await embedded.AppendAsync(user, events, CancellationToken.None);
        await clickHouse.AppendAsync(user, events, CancellationToken.None);
        return (embedded, clickHouse, user);
    }
}
