using System.Text.Json;
using System.Text.RegularExpressions;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>The deterministic default: no network, words the facts, same input same text, never a number of its own.</summary>
public sealed partial class DeterministicLlmClientTests
{
    private const string Facts = """
        {
          "total_cost_usd": 1234.5,
          "cache_hit_rate": 0.42,
          "p95_latency_ms": 812,
          "requests": 10000,
          "top_model": "gpt-4o-mini",
          "by_model": [
            { "model": "gpt-4o", "cost_usd": 980.25, "share": 0.79 },
            { "model": "gpt-4o-mini", "cost_usd": 254.25, "share": 0.21 }
          ]
        }
        """;

    [Fact]
    public async Task Wording_contains_exactly_the_numbers_of_the_facts_formatted_by_what_they_measure()
    {
        await using var llm = LlmHarness.Create();

        var response = await llm.Client.CompleteAsync(LlmHarness.Ask("How are we doing?", Facts), null, CancellationToken.None);

        Assert.False(llm.Client.IsModel);
        Assert.Equal(["$1,234.50", "42%", "812 ms", "10,000", "$980.25", "79%", "$254.25", "21%"], StandaloneNumbers(response.Content));
        Assert.Equal(
            "The total cost is $1,234.50. The cache hit rate is 42%. The p95 latency is 812 ms. There were 10,000 requests. "
            + "The top model is gpt-4o-mini. By model: gpt-4o (cost $980.25, share 79%); gpt-4o-mini (cost $254.25, share 21%).",
            response.Content);
        Assert.Equal(("stop", "deterministic", 0L), (response.FinishReason, response.Model, response.InputTokens));
    }

    [Fact]
    public async Task Wording_is_the_same_every_time_and_arrives_as_one_delta()
    {
        await using var first = LlmHarness.Create(("CacheSize", "0"));
        await using var second = LlmHarness.Create(("CacheSize", "0"));
        var deltas = new List<string>();

        var one = await first.Client.CompleteAsync(LlmHarness.Ask("How are we doing?", Facts), (delta, _) =>
        {
            deltas.Add(delta);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        var two = await second.Client.CompleteAsync(LlmHarness.Ask("Something else entirely", Facts), null, CancellationToken.None);

        Assert.Equal(one.Content, two.Content);
        Assert.Equal([one.Content], deltas);
    }

    [Fact]
    public async Task Answer_to_a_response_schema_is_json_built_from_the_facts()
    {
        await using var llm = LlmHarness.Create();
        const string Schema = """
            {
              "type": "object",
              "properties": {
                "summary": { "type": "string" },
                "total_cost_usd": { "type": "number", "minimum": 0 },
                "topModels": {
                  "type": "array",
                  "items": { "$ref": "#/$defs/model" }
                },
                "severity": { "type": "string", "enum": ["low", "high"] }
              },
              "required": ["summary", "total_cost_usd", "topModels"],
              "additionalProperties": false,
              "$defs": {
                "model": {
                  "type": "object",
                  "properties": { "model": { "type": "string" }, "cost_usd": { "type": "number" } },
                  "required": ["model", "cost_usd"],
                  "additionalProperties": false
                }
              }
            }
            """;
        const string ModelFacts = """{"total_cost_usd": 1234.5, "requests": 10000, "top_models": [{"model": "gpt-4o", "cost_usd": 980.25, "share": 0.79}]}""";

        var response = await llm.Client.CompleteAsync(LlmHarness.Ask("Report.", ModelFacts) with { ResponseSchemaJson = Schema }, null, CancellationToken.None);

        using var answer = JsonDocument.Parse(response.Content);
        var root = answer.RootElement;
        Assert.Equal(["summary", "total_cost_usd", "topModels"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1234.5m, root.GetProperty("total_cost_usd").GetDecimal());
        var model = Assert.Single(root.GetProperty("topModels").EnumerateArray());
        Assert.Equal("""{"model":"gpt-4o","cost_usd":980.25}""", model.GetRawText());
        Assert.StartsWith("The total cost is $1,234.50. There were 10,000 requests.", root.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Schema_that_needs_a_number_the_facts_lack_fails_with_llm_unsupported()
    {
        await using var llm = LlmHarness.Create();
        const string Schema = """{"type":"object","properties":{"projected_savings_usd":{"type":"number"}},"required":["projected_savings_usd"]}""";

        var error = await Assert.ThrowsAsync<LlmException>(() =>
            llm.Client.CompleteAsync(LlmHarness.Ask("Project savings.", Facts) with { ResponseSchemaJson = Schema }, null, CancellationToken.None));

        Assert.Equal("llm_unsupported", error.Code);
        Assert.Contains("projected_savings_usd", error.Message);
        Assert.Equal("error", Assert.Single(llm.Usage.Events).Usage.Status);
    }

    [Fact]
    public async Task Request_without_facts_fails_with_llm_unsupported()
    {
        await using var llm = LlmHarness.Create();

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Tell me a story."), null, CancellationToken.None));

        Assert.Equal("llm_unsupported", error.Code);
    }

    [Fact]
    public async Task Deterministic_call_is_recorded_as_a_zero_cost_netra_event()
    {
        await using var llm = LlmHarness.Create();

        await llm.Client.CompleteAsync(LlmHarness.Ask("How are we doing?", Facts, purpose: "report"), null, CancellationToken.None);

        var (userId, usage) = Assert.Single(llm.Usage.Events);
        Assert.Equal("user-1", userId);
        Assert.Equal(("netra", "deterministic", "chat", "netra-self"), (usage.Provider, usage.Model, usage.Operation, usage.Dataset));
        Assert.Equal(("ok", "stop", "report", 0m), (usage.Status, usage.FinishReason, usage.Feature, usage.CostUsd));
        Assert.Equal(64, usage.PromptHash?.Length);
    }

    /// <summary>Numbers standing on their own, with their $, % or ms: not the 95 of p95 nor the 4 of gpt-4o.</summary>
    private static List<string> StandaloneNumbers(string text) => [.. Number().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"(?<![\w.\-$])\$?\d[\d,]*(?:\.\d+)?(?:%| ms)?(?![\w])")]
    private static partial Regex Number();
}
