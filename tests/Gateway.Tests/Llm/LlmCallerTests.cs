using System.Diagnostics;

namespace Netra.Gateway.Tests.Llm;

/// <summary>What the caller does, cancelling or failing in its own delta handler, is not the model's failure.</summary>
public sealed class LlmCallerTests : IAsyncLifetime
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
    public async Task Cancelled_call_throws_operation_cancelled_without_a_retry_and_is_recorded()
    {
        _server.Enqueue(FakeReplies.Hang(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();

        // Cancelled once the model has the request (not on a timer, which a loaded machine can beat to the server).
        var call = _llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, cancel.Token);
        var waited = Stopwatch.StartNew();
        while (_server.Requests.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Single(_server.Requests);
        var usage = Assert.Single(_llm.Usage.Events).Usage;
        Assert.Equal(("error", "cancelled"), (usage.Status, usage.FinishReason));
    }

    [Fact]
    public async Task Exception_from_onDelta_reaches_the_caller_unchanged_without_a_retry()
    {
        _server.Enqueue(FakeReplies.Text("one ", "two"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _llm.Client.CompleteAsync(
            LlmHarness.Ask("Hello?"), (_, _) => throw new InvalidOperationException("the agent's own failure"), CancellationToken.None));

        Assert.Equal("the agent's own failure", error.Message);
        Assert.Single(_server.Requests);
    }
}
