using System.Text.Json;
using Netra.Grains.Tests.Support;
using Netra.Grains.Tools;
using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tests.Tools;

public sealed class ToolRunnerTests
{
    [Theory]
    [InlineData("""{"nope": 1}""", "Unknown parameter 'nope'")]
    [InlineData("""{"dataset": 5}""", "'dataset' must be a non-empty string")]
    [InlineData("""{"dataset": "../x"}""", "'dataset' must be a dataset name")]
    [InlineData("""{"from": "yesterday"}""", "'from' must be an ISO 8601 date-time")]
    [InlineData("""{"from": "2026-11-17T00:00:00Z", "to": "2026-11-16T00:00:00Z"}""", "must be before 'to'")]
    [InlineData("""{"slo_ms": -5}""", "'slo_ms' must lie between 1 and 3600000")]
    [InlineData("""{"include_failed": "yes"}""", "'include_failed' must be true or false")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{"slo_ms": """, "not valid JSON")]
    public async Task Invalid_parameters_are_refused_with_a_message_that_says_why(string parameters, string expected)
    {
        var harness = new ToolHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Runner.RunAsync(new ToolInvocation(ToolHarness.User, "latency_analyzer", parameters), CancellationToken.None));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task An_unknown_tool_is_refused_and_the_message_lists_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new ToolHarness().Runner.RunAsync(new ToolInvocation(ToolHarness.User, "crystal_ball", "{}"), CancellationToken.None));

        Assert.Contains("Unknown tool 'crystal_ball'", error.Message);
        Assert.Contains("cost_analyzer", error.Message);
    }

    [Fact]
    public async Task A_tool_reads_only_the_calling_users_events()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0, cost: 5m), Sample.At(1, cost: 5m)], user: "alice");
        await harness.SeedAsync([Sample.At(0, cost: 1m)], user: "bob");

        var (bob, data) = await harness.RunAsync("cost_analyzer", user: "bob");
        var (carol, _) = await harness.RunAsync("cost_analyzer", user: "carol");

        Assert.Equal((1L, 1.0), (data.GetProperty("requests").GetInt64(), data.GetProperty("total_cost_usd").GetDouble()));
        Assert.DoesNotContain("$10", bob.Summary);
        Assert.True(carol.InsufficientData);
    }

    [Fact]
    public async Task Common_filters_narrow_the_events_a_tool_reads()
    {
        var harness = await new ToolHarness().SeedAsync(
        [
            Sample.At(0, dataset: "a", feature: "f1", cost: 1m), Sample.At(60, dataset: "a", feature: "f2", cost: 2m),
            Sample.At(120, dataset: "a", model: "gpt-4o", feature: "f1", cost: 4m), Sample.At(0, dataset: "b", cost: 8m),
        ]);

        async Task<double> TotalAsync(object parameters) =>
            (await harness.RunAsync("cost_analyzer", parameters)).Data.GetProperty("total_cost_usd").GetDouble();

        Assert.Equal(7, await TotalAsync(new { dataset = "a" }));
        Assert.Equal(5, await TotalAsync(new { dataset = "a", feature = "f1" }));
        Assert.Equal(4, await TotalAsync(new { model = "gpt-4o" }));
        Assert.Equal(2, await TotalAsync(new { dataset = "a", from = "2026-11-16T00:30:00Z", to = "2026-11-16T02:00:00Z" }));
    }

    [Fact]
    public void Every_tool_publishes_a_json_schema_with_the_common_filters_and_no_extra_properties()
    {
        var registry = new ToolRegistry(ToolServiceCollectionExtensions.All);

        // The catalog search and the reporting tools that work on other tools' results take no workload filters.
        string[] noWorkload = ["supply_catalog_search", "action_plan_generator", "final_report_generator"];
        Assert.All(registry.Descriptors.Where(d => !noWorkload.Contains(d.Name)), descriptor =>
        {
            var schema = JsonDocument.Parse(descriptor.ParameterSchemaJson).RootElement;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var properties = schema.GetProperty("properties");
            Assert.Equal("date-time", properties.GetProperty("from").GetProperty("format").GetString());
            Assert.True(properties.TryGetProperty("dataset", out _) && properties.TryGetProperty("to", out _));
            Assert.Contains(descriptor.Category, new[] { "cost", "latency", "caching", "routing", "workload", "reporting" });
        });
        Assert.Equal(registry.Descriptors.Count, registry.Descriptors.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public async Task The_runner_measures_how_long_a_tool_took()
    {
        var harness = await new ToolHarness().SeedAsync([Sample.At(0)]);

        var (result, _) = await harness.RunAsync("workload_profiler");

        Assert.InRange(result.DurationMs, 0.0001, 60_000);
    }
}
