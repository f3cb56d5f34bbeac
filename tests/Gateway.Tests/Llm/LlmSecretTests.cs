using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>The API key goes to the endpoint as a bearer token and nowhere else.</summary>
public sealed class LlmSecretTests
{
    [Fact]
    public async Task Api_key_never_appears_in_logs_exceptions_events_or_options()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        // The timeout leaves room for the first call, which warms up both ends of the connection.
        await using var llm = LlmHarness.ForModel(server, ("Timeout", "1.5"), ("MaxAttempts", "2"), ("CacheSize", "0"));
        server.Enqueue(
            FakeReplies.Text("fine"),
            FakeReplies.Status(401, $"Incorrect API key provided: {LlmHarness.ApiKey}.", LlmHarness.ApiKey),
            FakeReplies.Status(500, $"Internal error for key {LlmHarness.ApiKey}"),
            FakeReplies.Status(503, $"Unavailable for key {LlmHarness.ApiKey}"),
            FakeReplies.Hang(TimeSpan.FromSeconds(30)),
            FakeReplies.Hang(TimeSpan.FromSeconds(30)),
            FakeReplies.Raw($"not json {LlmHarness.ApiKey}"));
        var errors = new List<LlmException>();

        await llm.Client.CompleteAsync(LlmHarness.Ask("ok"), (_, _) => ValueTask.CompletedTask, CancellationToken.None);
        foreach (var question in (string[])["unauthorised", "server errors", "timeouts", "malformed"])
        {
            errors.Add(await Assert.ThrowsAsync<LlmException>(() => llm.Client.CompleteAsync(LlmHarness.Ask(question), null, CancellationToken.None)));
        }

        Assert.Equal(["llm_rejected", "llm_unreachable", "llm_timeout", "llm_malformed"], errors.Select(e => e.Code));
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {LlmHarness.ApiKey}", r.Authorization));
        Assert.Contains(llm.Logs.Lines, l => l.Contains("[9505]", StringComparison.Ordinal));
        Assert.Contains(llm.Logs.Lines, l => l.StartsWith("Trace", StringComparison.Ordinal));
        Assert.All(llm.Logs.Lines, line => Assert.DoesNotContain(LlmHarness.ApiKey, line));
        Assert.All(errors, e => Assert.DoesNotContain(LlmHarness.ApiKey, e.ToString()));
        Assert.All(llm.Usage.Events, e => Assert.DoesNotContain(LlmHarness.ApiKey, JsonSerializer.Serialize(e.Usage)));
        var options = llm.Services.GetRequiredService<IOptions<LlmOptions>>().Value;
        Assert.Equal(LlmHarness.ApiKey, options.ApiKey);
        Assert.DoesNotContain(LlmHarness.ApiKey, options.ToString());
        Assert.Contains("ApiKey=(set)", options.ToString());
    }
}
