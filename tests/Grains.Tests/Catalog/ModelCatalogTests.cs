using System.Globalization;
using Netra.Grains.Catalog;

namespace Netra.Grains.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static readonly ModelCatalog s_catalog = ModelCatalog.Default;

    [Fact]
    public void The_shipped_catalog_lists_models_and_gpus()
    {
        Assert.True(s_catalog.Models.Count >= 10);
        Assert.True(s_catalog.Gpus.Count >= 4);
        Assert.Equal(s_catalog.Models.Count, s_catalog.Models.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public void Every_row_names_a_public_source_and_the_date_of_that_source()
    {
        var sources = s_catalog.Models.SelectMany(m => new[] { m.PriceSource, m.QualitySource, m.SpeedSource })
            .Concat(s_catalog.Gpus.SelectMany(g => new[] { g.PriceSource, g.SpecSource }));

        Assert.All(sources, source =>
        {
            Assert.StartsWith("https://", source.Url);
            Assert.True(DateOnly.TryParseExact(source.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date), source.AsOf);
            Assert.InRange(date, new DateOnly(2021, 1, 1), DateOnly.FromDateTime(DateTime.UtcNow));
        });
    }

    [Fact]
    public void Prices_are_positive_and_cached_input_is_never_dearer_than_input()
    {
        Assert.All(s_catalog.Models, m =>
        {
            Assert.True(m.InputPerMTok > 0 && m.OutputPerMTok > 0, m.Id);
            Assert.InRange(m.CachedInputPerMTok, 0.0001m, m.InputPerMTok);
            Assert.InRange(m.QualityScore, 1, 100);
            Assert.False(string.IsNullOrWhiteSpace(m.QualityBenchmark));
            Assert.True(m.ContextWindow >= 8_192 && m.TokensPerSecond > 0, m.Id);
        });
        Assert.All(s_catalog.Gpus, g => Assert.True(g.OnDemandPerHour > 0 && g.MemoryGb > 0 && g.MemoryBandwidthTbps > 0 && g.Bf16DenseTflops > 0, g.Id));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("GPT-4o", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("openai/gpt-4.1-nano", "gpt-4.1-nano")]
    [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("deepseek-v3", "deepseek-chat")]
    public void Names_resolve_by_id_alias_snapshot_or_provider_prefix(string name, string id) => Assert.Equal(id, s_catalog.Find(name)?.Id);

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("gpt-4ox")]
    [InlineData("")]
    [InlineData("mystery-model")]
    public void Unknown_names_resolve_to_nothing(string name) => Assert.Null(s_catalog.Find(name));

    [Fact]
    public void Cached_input_tokens_are_priced_at_the_cached_price()
    {
        var sonnet = s_catalog.Find("claude-3-5-sonnet")!;

        // 1,000 input of which 400 cached, 200 output: 600 × $3 + 400 × $0.30 + 200 × $15, per 1M.
        Assert.Equal((1_800m + 120m + 3_000m) / 1_000_000m, sonnet.Cost(1_000, 400, 200));
    }
}
