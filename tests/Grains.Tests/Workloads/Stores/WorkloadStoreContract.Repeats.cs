using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>Repeated keys and present values, on every store: what the duplicate finders ask.</summary>
public abstract partial class WorkloadStoreContract
{
    [Fact]
    public async Task Repeated_prompt_hashes_are_exactly_the_groups_of_two_or_more_beside_other_keys_and_missing_hashes()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user,
        [
            Sample.At(0, promptHash: "p1", model: "a"), Sample.At(1, promptHash: "p1", model: "a"), Sample.At(2, promptHash: "p1", model: "b"),
            Sample.At(3, promptHash: "p2", model: "a"), Sample.At(4, promptHash: "p3", model: "b"), Sample.At(5, promptHash: "p3", model: "b"),
            Sample.At(6, promptHash: null), Sample.At(7, promptHash: null), Sample.At(8, promptHash: "p4 ' \\ ü"), Sample.At(9, promptHash: "p4 ' \\ ü"),
        ], None);
        var byHash = new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.PromptHash], [Measure.Count()]) { MinGroupEvents = 2 };

        var repeats = (await store.QueryAsync(user, byHash, None)).Rows;
        var perModel = (await store.QueryAsync(user, byHash with { GroupBy = [WorkloadDimension.PromptHash, WorkloadDimension.Model] }, None)).Rows;
        var thrice = (await store.QueryAsync(user, byHash with { MinGroupEvents = 3 }, None)).Rows;

        Assert.Equal([(null, 2.0), ("p1", 3.0), ("p3", 2.0), ("p4 ' \\ ü", 2.0)], repeats.Select(r => (r.Keys[0], r.Values[0]!.Value)));
        Assert.Equal([[null, "gpt-4o-mini"], ["p1", "a"], ["p3", "b"], ["p4 ' \\ ü", "gpt-4o-mini"]], perModel.Select(r => r.Keys.ToArray()));
        Assert.Equal(["p1"], thrice.Select(r => r.Keys[0]));
    }

    [Fact]
    public async Task Present_values_count_the_rows_that_have_one_per_group()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user,
            [Sample.At(0, promptHash: "x", model: "a"), Sample.At(1, promptHash: "x", model: "a"), Sample.At(2, model: "a"), Sample.At(3, promptHash: "y", model: "b")], None);
        Measure[] measures = [Measure.CountPresent(WorkloadDimension.PromptHash), Measure.CountDistinct(WorkloadDimension.PromptHash), Measure.Count()];

        var total = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], measures), None)).Single;
        var perModel = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Model], measures), None)).Rows;

        Assert.Equal([3.0, 2.0, 4.0], total.Values);
        Assert.Equal([[2.0, 1.0, 3.0], [1.0, 1.0, 1.0]], perModel.Select(r => r.Values.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], [Measure.CountPresent(WorkloadDimension.HourOfDay)]), None));
    }
}
