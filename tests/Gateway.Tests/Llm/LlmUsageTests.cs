using System.Text.RegularExpressions;

namespace Netra.Gateway.Tests.Llm;

/// <summary>Every call Netra makes to a model is a workload event in the caller's netra-self dataset.</summary>
public sealed partial class LlmUsageTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;
    private LlmHarness _llm = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _llm = LlmHarness.ForModel(_server);
    }

    public async Task DisposeAsync()
    {
        await _llm.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Streamed_call_records_one_netra_self_event_with_its_tokens_latency_and_ttft()
    {
        _server.Enqueue(FakeReplies.TextWithUsage(new FakeUsage(PromptTokens: 120, CompletionTokens: 40, CachedTokens: 64), "All ", "good."));
        var request = LlmHarness.Ask("How are we doing?", purpose: "report") with { MaxTokens = 200 };

        await _llm.Client.CompleteAsync(request, (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        var (userId, usage) = Assert.Single(_llm.Usage.Events);
        Assert.Equal("user-1", userId);
        Assert.Equal(("netra-self", "openai-compatible", FakeReplies.Model, "chat"), (usage.Dataset, usage.Provider, usage.Model, usage.Operation));
        Assert.Equal((120L, 40L, 64L), (usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens));
        Assert.Equal(("ok", "stop", "report"), (usage.Status, usage.FinishReason, usage.Feature));
        Assert.Equal(200, usage.MaxTokens);
        Assert.Equal("chatcmpl-fake-1", usage.RequestId);
        Assert.Matches(Sha256Hex(), usage.PromptHash);
        Assert.NotNull(usage.TtftMs);
        Assert.True(usage.LatencyMs >= usage.TtftMs);
    }

    [Fact]
    public async Task Call_without_streaming_records_no_ttft()
    {
        await _llm.Client.CompleteAsync(LlmHarness.Ask("How are we doing?"), null, CancellationToken.None);

        var usage = Assert.Single(_llm.Usage.Events).Usage;
        Assert.Null(usage.TtftMs);
        Assert.Equal((12L, 5L, 4L), (usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens));
    }

    [Fact]
    public async Task Same_request_has_the_same_prompt_hash_and_another_request_another()
    {
        await using var fresh = LlmHarness.ForModel(_server, ("CacheSize", "0"));

        await fresh.Client.CompleteAsync(LlmHarness.Ask("one"), null, CancellationToken.None);
        await fresh.Client.CompleteAsync(LlmHarness.Ask("one"), null, CancellationToken.None);
        await fresh.Client.CompleteAsync(LlmHarness.Ask("two"), null, CancellationToken.None);

        var hashes = fresh.Usage.Events.Select(e => e.Usage.PromptHash).ToList();
        Assert.Equal(hashes[0], hashes[1]);
        Assert.NotEqual(hashes[0], hashes[2]);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
