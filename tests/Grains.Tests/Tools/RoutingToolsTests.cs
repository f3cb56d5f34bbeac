using Netra.Grains.Tests.Support;

namespace Netra.Grains.Tests.Tools;

public sealed class RoutingToolsTests
{
    [Fact]
    public async Task Model_mix_finds_short_requests_on_premium_models_and_prices_them_on_the_cheapest_sibling()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            .. Enumerable.Range(0, 3).Select(i => Sample.At(i, model: "claude-3-opus", provider: "anthropic", input: 100, output: 50, feature: "search")),
            Sample.At(5, model: "claude-3-opus", provider: "anthropic", input: 2000, output: 500, feature: "search"),
            .. Enumerable.Range(0, 4).Select(i => Sample.At(10 + i, model: "gpt-4o-mini", input: 100, output: 50)),
        ]);

        var (result, data) = await harness.RunAsync("model_mix_analyzer");

        var models = data.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.True(models["claude-3-opus"].GetProperty("premium").GetBoolean());
        Assert.False(models["gpt-4o-mini"].GetProperty("premium").GetBoolean());
        Assert.Equal(0.5, models["claude-3-opus"].GetProperty("request_share").GetDouble());
        var found = Assert.Single(data.GetProperty("short_premium").EnumerateArray());
        // 3 × (100 × $15 + 50 × $75) / 1M on opus; (300 × $0.25 + 150 × $1.25) / 1M on haiku, the cheapest Anthropic model.
        Assert.Equal((3L, "claude-3-haiku", 0.01575, 0.0002625), (found.GetProperty("requests").GetInt64(), found.GetProperty("alternative_model").GetString(),
            found.GetProperty("cost_usd").GetDouble(), found.GetProperty("alternative_cost_usd").GetDouble()));
        Assert.Equal(0.01575 - 0.0002625, data.GetProperty("short_premium_saving_usd").GetDouble(), 9);
        Assert.Contains("served 3 short requests", result.Summary);
    }

    [Fact]
    public async Task Model_mix_refuses_an_alternative_that_is_not_in_the_catalog()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0)]);

        await Assert.ThrowsAsync<ArgumentException>(() => harness.RunAsync("model_mix_analyzer", new { alternative_model = "nope" }));
    }
}
