using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Workloads;

public sealed class DemoWorkloadGeneratorTests
{
    private static readonly IReadOnlyList<WorkloadEvent> s_demo = DemoWorkloadGenerator.Generate(Sample.T0, ModelCatalog.Default);

    [Fact]
    public void The_same_seed_and_start_give_the_same_workload()
    {
        var again = DemoWorkloadGenerator.Generate(Sample.T0, ModelCatalog.Default);

        Assert.Equal(s_demo.Count, again.Count);
        Assert.All(s_demo.Zip(again), pair => Assert.Equal(
            pair.First with { PrefixHashes = null }, pair.Second with { PrefixHashes = null }));
        Assert.All(s_demo.Zip(again), pair => Assert.Equal(pair.First.PrefixHashes!, pair.Second.PrefixHashes!));
        Assert.NotEqual(s_demo.Count, DemoWorkloadGenerator.Generate(Sample.T0, ModelCatalog.Default, seed: 7).Count);
    }

    [Fact]
    public void The_demo_is_about_twenty_thousand_requests_over_fourteen_days_in_dataset_demo()
    {
        Assert.InRange(s_demo.Count, 18_000, 22_000);
        Assert.All(s_demo, e => Assert.Equal("demo", e.Dataset));
        Assert.True(s_demo.Min(e => e.Timestamp) >= Sample.T0);
        Assert.True(s_demo.Max(e => e.Timestamp) < Sample.T0.AddDays(14));
        Assert.True(s_demo.Zip(s_demo.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }

    [Fact]
    public void The_demo_has_several_features_models_and_every_status()
    {
        Assert.Equal(["code-assist", "email-triage", "search", "summarizer", "support-bot"], s_demo.Select(e => e.Feature!).Distinct().Order());
        Assert.Equal(["data", "growth", "platform", "support"], s_demo.Select(e => e.Team!).Distinct().Order());
        Assert.True(s_demo.Select(e => e.Model).Distinct().Count() >= 8);
        Assert.All(s_demo, e => Assert.NotNull(ModelCatalog.Default.Find(e.Model)));
        var statuses = s_demo.CountBy(e => e.Status).ToDictionary();
        Assert.Equal(["error", "ok", "rate_limited", "timeout"], statuses.Keys.Order());
        Assert.InRange((double)(s_demo.Count - statuses["ok"]) / s_demo.Count, 0.01, 0.08);
        Assert.Contains(s_demo, e => e.FinishReason == "length");
        Assert.All(s_demo, e => Assert.NotNull(e.CostUsd));
    }

    [Fact]
    public void The_premium_model_serves_short_requests()
    {
        var opus = s_demo.Where(e => e.Model == "claude-3-opus").ToList();

        Assert.NotEmpty(opus);
        Assert.True(opus.Count(e => e.InputTokens < 500 && e.OutputTokens < 200) > opus.Count * 0.9);
    }

    [Fact]
    public void Prompts_repeat_and_prefixes_are_shared()
    {
        Assert.Contains(s_demo.CountBy(e => e.PromptHash ?? ""), p => p.Value >= 10);
        Assert.All(s_demo, e => Assert.Equal((e.InputTokens + 511) / 512, e.PrefixHashes!.Count));
        var support = s_demo.Where(e => e.Feature == "support-bot").ToList();
        Assert.True(support.Count > 1000);
        Assert.Single(support.Select(e => (e.PrefixHashes![0], e.PrefixHashes[1])).Distinct()); // the support bot's system prompt
    }

    [Fact]
    public void Traffic_follows_the_day_and_one_day_spikes_in_cost()
    {
        var byHour = s_demo.CountBy(e => e.Timestamp.Hour).ToDictionary();
        Assert.True(byHour[15] > 3 * byHour[3]);

        var costByDay = s_demo.GroupBy(e => (e.Timestamp - Sample.T0).Days).ToDictionary(g => g.Key, g => g.Sum(e => e.CostUsd!.Value));
        var spike = costByDay.MaxBy(d => d.Value);
        Assert.Equal(DemoWorkloadGenerator.SpikeDay, spike.Key);
        Assert.True(spike.Value > 2 * costByDay.Where(d => d.Key != spike.Key).Max(d => d.Value));
    }

    [Fact]
    public async Task Every_user_gets_the_demo_once_on_first_touch_and_deleting_it_is_final()
    {
        var options = Options.Create(new WorkloadOptions { DemoData = true, DemoStart = Sample.T0 });
        var store = new DemoDataWorkloadStore(
            new EmbeddedWorkloadStore(options), ModelCatalog.Default, options, TimeProvider.System, NullLogger<DemoDataWorkloadStore>.Instance);

        var alice = await store.ListDatasetsAsync("alice", CancellationToken.None);
        await store.ListDatasetsAsync("alice", CancellationToken.None);
        var demo = Assert.Single(alice);
        Assert.Equal(("demo", s_demo.Count), (demo.Name, (int)demo.Events));
        Assert.Equal(s_demo.Count, (await store.ListDatasetsAsync("bob", CancellationToken.None)).Single().Events);

        Assert.True(await store.DeleteDatasetAsync("alice", "demo", CancellationToken.None));
        Assert.Empty(await store.ListDatasetsAsync("alice", CancellationToken.None));
    }
}
