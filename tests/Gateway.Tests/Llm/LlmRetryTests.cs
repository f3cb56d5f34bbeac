using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>Rate limits, server errors and timeouts are retried; what cannot succeed fails with a stable code.</summary>
public sealed class LlmRetryTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rate_limited_call_waits_the_retry_after_seconds_then_succeeds()
    {
        await using var llm = LlmHarness.ForModel(_server);
        _server.Enqueue(FakeReplies.RateLimited("1"), FakeReplies.Text("fine now"));

        var response = await llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), onDelta: null, CancellationToken.None);

        Assert.Equal("fine now", response.Content);
        Assert.True(WaitBetweenRequests() >= TimeSpan.FromSeconds(1), $"waited only {WaitBetweenRequests()}");
        Assert.Equal(["rate_limited", "ok"], llm.Usage.Events.Select(e => e.Usage.Status));
    }

    [Fact]
    public async Task Rate_limited_call_honours_a_retry_after_http_date()
    {
        await using var llm = LlmHarness.ForModel(_server);
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(2);
        _server.Enqueue(FakeReplies.RateLimited(retryAt.ToString("r", CultureInfo.InvariantCulture)), FakeReplies.Text("fine now"));

        var response = await llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), onDelta: null, CancellationToken.None);

        Assert.Equal("fine now", response.Content);
        // The date has whole seconds: the wait is between one and two seconds.
        Assert.True(WaitBetweenRequests() >= TimeSpan.FromSeconds(0.9), $"waited only {WaitBetweenRequests()}");
    }

    [Fact]
    public async Task Rate_limited_on_every_attempt_fails_with_llm_rate_limited()
    {
        await using var llm = LlmHarness.ForModel(_server, ("MaxAttempts", "2"));
        _server.Enqueue(FakeReplies.RateLimited("0"), FakeReplies.RateLimited("0"), FakeReplies.Text("too late"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, CancellationToken.None));

        Assert.Equal("llm_rate_limited", error.Code);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_longest_wait_fails_at_once()
    {
        await using var llm = LlmHarness.ForModel(_server, ("MaxRetryDelay", "5"));
        _server.Enqueue(FakeReplies.RateLimited("3600"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, CancellationToken.None));

        Assert.Equal("llm_rate_limited", error.Code);
        Assert.Contains("MaxRetryDelay", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Server_error_is_retried_with_backoff_then_succeeds()
    {
        await using var llm = LlmHarness.ForModel(_server);
        _server.Enqueue(FakeReplies.Status(503), FakeReplies.Text("back up"));

        var response = await llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal("back up", response.Content);
        Assert.Equal(["error", "ok"], llm.Usage.Events.Select(e => e.Usage.Status));
    }

    [Fact]
    public async Task Endpoint_that_does_not_answer_in_time_fails_with_llm_timeout()
    {
        await using var llm = LlmHarness.ForModel(_server, ("Timeout", "0.3"), ("MaxAttempts", "2"));
        _server.Enqueue(FakeReplies.Hang(TimeSpan.FromSeconds(30)), FakeReplies.Hang(TimeSpan.FromSeconds(30)));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), (_, _) => ValueTask.CompletedTask, CancellationToken.None));

        Assert.Equal("llm_timeout", error.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(["timeout", "timeout"], llm.Usage.Events.Select(e => e.Usage.Status));
    }

    [Fact]
    public async Task Malformed_response_fails_with_llm_malformed_without_a_retry()
    {
        await using var llm = LlmHarness.ForModel(_server);
        _server.Enqueue(FakeReplies.Raw("this is not a chat completion"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, CancellationToken.None));

        Assert.Equal("llm_malformed", error.Code);
        Assert.Single(_server.Requests);
        Assert.Equal("error", Assert.Single(llm.Usage.Events).Usage.Status);
    }

    [Fact]
    public async Task Malformed_stream_fails_with_llm_malformed()
    {
        await using var llm = LlmHarness.ForModel(_server);
        _server.Enqueue(FakeReplies.Raw("data: {\"choices\": [ broken\n\ndata: [DONE]\n\n", "text/event-stream"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), (_, _) => ValueTask.CompletedTask, CancellationToken.None));

        Assert.Equal("llm_malformed", error.Code);
    }

    [Fact]
    public async Task Refused_request_fails_with_llm_rejected_without_a_retry()
    {
        await using var llm = LlmHarness.ForModel(_server);
        _server.Enqueue(FakeReplies.Status(404, "The model does not exist", "model_not_found"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, CancellationToken.None));

        Assert.Equal("llm_rejected", error.Code);
        Assert.Contains("model_not_found", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Endpoint_nobody_listens_on_fails_with_llm_unreachable()
    {
        await using var llm = LlmHarness.Create(("Endpoint", $"http://127.0.0.1:{ClosedPort()}/v1"), ("Model", "fake-model"), ("MaxAttempts", "2"), ("RetryBaseDelay", "0.05"));

        var error = await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask("Hello?"), null, CancellationToken.None));

        Assert.Equal("llm_unreachable", error.Code);
        Assert.Equal(2, llm.Usage.Events.Count);
    }

    private TimeSpan WaitBetweenRequests()
    {
        var requests = _server.Requests;
        return Stopwatch.GetElapsedTime(requests[0].ReceivedAt, requests[1].ReceivedAt);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
