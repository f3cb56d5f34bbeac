using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>Netra's response cache: keyed by the normalised request, bounded, and never holding failures.</summary>
public sealed class LlmCacheTests : IAsyncLifetime
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
    public async Task Request_equal_after_normalisation_is_answered_from_the_cache_with_one_delta()
    {
        _server.Enqueue(FakeReplies.Text("Spend ", "is ", "flat."));
        var first = LlmHarness.Ask("How is   spend\n doing?", """{"cost_usd": 12.5, "days": 7}""");
        var second = LlmHarness.Ask("  How is spend doing? ", """
            {
              "cost_usd": 12.5,
              "days": 7
            }
            """);
        var deltas = new List<string>();

        var original = await _llm.Client.CompleteAsync(first, (_, _) => ValueTask.CompletedTask, CancellationToken.None);
        var cached = await _llm.Client.CompleteAsync(second, (delta, _) =>
        {
            deltas.Add(delta);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.False(original.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal("Spend is flat.", cached.Content);
        Assert.Equal(["Spend is flat."], deltas);
        Assert.Single(_server.Requests);
        Assert.Single(_llm.Usage.Events);
    }

    [Fact]
    public async Task Request_that_differs_is_not_answered_from_the_cache()
    {
        await _llm.Client.CompleteAsync(LlmHarness.Ask("How is spend doing?", """{"cost_usd": 12.5}"""), null, CancellationToken.None);
        var otherFacts = await _llm.Client.CompleteAsync(LlmHarness.Ask("How is spend doing?", """{"cost_usd": 12.6}"""), null, CancellationToken.None);
        var otherLimit = await _llm.Client.CompleteAsync(LlmHarness.Ask("How is spend doing?", """{"cost_usd": 12.5}""") with { MaxTokens = 10 }, null, CancellationToken.None);

        Assert.False(otherFacts.FromCache);
        Assert.False(otherLimit.FromCache);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Failed_call_is_not_cached()
    {
        _server.Enqueue(FakeReplies.Status(400, "bad request", "invalid_request_error"), FakeReplies.Text("now it works"));
        var request = LlmHarness.Ask("Hello?");

        await Assert.ThrowsAsync<LlmException>(() => _llm.Client.CompleteAsync(request, null, CancellationToken.None));
        var response = await _llm.Client.CompleteAsync(request, null, CancellationToken.None);

        Assert.False(response.FromCache);
        Assert.Equal("now it works", response.Content);
    }

    [Fact]
    public async Task Least_recently_used_answer_leaves_a_full_cache_first()
    {
        await using var llm = LlmHarness.Create(("CacheSize", "2"));
        var a = LlmHarness.Ask("a", """{"requests": 1}""");
        var b = LlmHarness.Ask("b", """{"requests": 2}""");
        var c = LlmHarness.Ask("c", """{"requests": 3}""");

        await llm.Client.CompleteAsync(a, null, CancellationToken.None);
        await llm.Client.CompleteAsync(b, null, CancellationToken.None);
        var aAgain = await llm.Client.CompleteAsync(a, null, CancellationToken.None);
        await llm.Client.CompleteAsync(c, null, CancellationToken.None);
        var aThird = await llm.Client.CompleteAsync(a, null, CancellationToken.None);
        var bAgain = await llm.Client.CompleteAsync(b, null, CancellationToken.None);

        Assert.True(aAgain.FromCache);
        Assert.True(aThird.FromCache);
        Assert.False(bAgain.FromCache);
        Assert.Equal(4, llm.Usage.Events.Count);
    }
}
