using Microsoft.Extensions.Logging.Abstractions;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>Statements that read the deletion markers before they run, and check them after.</summary>
public sealed class ClickHouseMarkersTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly HttpClient _client = new();

    private static readonly WorkloadQuery s_count = new(new WorkloadFilter { Dataset = "d" }, [], [Measure.Count()]);

    [Fact]
    public async Task A_dataset_without_a_marker_is_read_without_a_condition_on_seq_and_one_with_a_marker_against_a_literal()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        await db.Store.AppendAsync("ann", [Sample.At(0, dataset: "d"), Sample.At(1, dataset: "kept")], None);
        var markers = await ClickHouseMarkers.ReadAsync(Http(db), db.Name, "ann", None);
        Assert.True(markers.None);
        Assert.DoesNotContain("AND seq", ClickHouseQueries.Aggregate(db.Name, "ann", s_count, markers));
        Assert.Contains("arrayElement(tupleElement(deleted", ClickHouseQueries.Aggregate(db.Name, "ann", s_count));

        Assert.True(await db.Store.DeleteDatasetAsync("ann", "d", None));
        markers = await ClickHouseMarkers.ReadAsync(Http(db), db.Name, "ann", None);
        Assert.Matches(@"AND seq >= \d+ AND dataset = 'd'", ClickHouseQueries.Aggregate(db.Name, "ann", s_count, markers));
        Assert.DoesNotContain("AND seq", ClickHouseQueries.Aggregate(db.Name, "ann", s_count with { Filter = new WorkloadFilter { Dataset = "kept" } }, markers));
    }

    [Fact]
    public async Task A_dataset_deleted_after_the_markers_were_read_is_hidden_from_the_answer()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        await db.Store.AppendAsync("ann", [.. Enumerable.Range(0, 10).Select(i => Sample.At(i, dataset: "d"))], None);
        var http = Http(db);
        var seen = new List<ClickHouseMarkers?>();
        var rows = await ClickHouseMarkers.QueryAsync(http, db.Name, "ann", "count", markers =>
        {
            if (seen.Count == 0)
            {
                // The deletion lands between the read of the markers and the statement: its marker is stored, its purge has not run.
                db.ExecuteAsync($"INSERT INTO {db.Name}.{ClickHouseSchema.Deletions} SELECT user_id, dataset, max(seq) + 1, now() FROM {db.Name}.{ClickHouseSchema.Events} "
                    + "WHERE user_id = 'ann' AND dataset = 'd' GROUP BY user_id, dataset").GetAwaiter().GetResult();
            }

            seen.Add(markers);
            return ClickHouseQueries.Aggregate(db.Name, "ann", s_count, markers);
        }, ClickHouseQueryRows.For(s_count), None);

        Assert.Equal(0, rows.Single().Values[0]);
        Assert.Equal(2, seen.Count);
        Assert.Null(seen[0]!.BeforeSeq("d"));
        Assert.NotNull(seen[1]!.BeforeSeq("d"));
    }

    [Fact]
    public async Task A_marker_whose_purge_has_not_run_hides_its_dataset_from_every_kind_of_statement()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        await db.Store.AppendAsync("ann", [.. Enumerable.Range(0, 6).Select(i => Sample.At(i, dataset: i < 4 ? "d" : "kept", promptHash: "same"))], None);
        await db.ExecuteAsync($"INSERT INTO {db.Name}.{ClickHouseSchema.Deletions} SELECT user_id, dataset, max(seq) + 1, now() FROM {db.Name}.{ClickHouseSchema.Events} "
            + "WHERE user_id = 'ann' AND dataset = 'd' GROUP BY user_id, dataset");

        // Conditions and groupings the rollup cannot serve, so every statement reads the events.
        Assert.Equal(0, (await db.Store.QueryAsync("ann", s_count with { Filter = new WorkloadFilter { Dataset = "d" }.And(WorkloadField.InputTokens, Comparison.Greater, 0) }, None)).Single.Values[0]);
        Assert.Equal(2, (await db.Store.QueryAsync("ann", new WorkloadQuery(WorkloadFilter.All.And(WorkloadField.InputTokens, Comparison.Greater, 0), [], [Measure.Count()]), None)).Single.Values[0]);
        var repeats = await db.Store.QueryAsync("ann", new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.PromptHash], [Measure.Count()]) { MinGroupEvents = 2 }, None);
        Assert.Equal(2, Assert.Single(repeats.Rows).Values[0]);
        var peaks = await db.Store.PeaksAsync("ann", new WorkloadPeakQuery(WorkloadFilter.All, [WorkloadDimension.Dataset], TimeSpan.FromMinutes(1), [Measure.Count()]), None);
        Assert.Equal(["kept"], peaks.Select(p => p.Keys[0]));
        Assert.Equal(2, peaks[0].Buckets);
    }

    public void Dispose() => _client.Dispose();

    private ClickHouseHttp Http(ClickHouseTestDatabase db) =>
        new(_client, new ClickHouseStoreOptions { Url = db.Server.Url.ToString(), Database = db.Name }, TimeProvider.System, NullLogger.Instance);
}
