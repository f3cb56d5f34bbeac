using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netra.Gateway.Tests.Llm;

/// <summary>Model calls as OpenTelemetry sees them: a <c>chat {model}</c> span with gen_ai attributes, and the gen_ai histograms.</summary>
public sealed class LlmTelemetryTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;
    private LlmHarness _llm = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _llm = LlmHarness.ForModel(_server, ("CacheSize", "0"));
    }

    public async Task DisposeAsync()
    {
        await _llm.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_call_is_a_client_span_with_gen_ai_attributes_and_records_tokens_and_duration()
    {
        var purpose = $"telemetry-{Guid.NewGuid():N}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Netra.Llm",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        var tokens = new ConcurrentQueue<(string Type, long Value)>();
        var durations = new ConcurrentQueue<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Netra.Llm")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            tokens.Enqueue((tags.ToArray().Single(t => t.Key == "gen_ai.token.type").Value as string ?? "", value)));
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => durations.Enqueue(value));
        meters.Start();
        _server.Enqueue(FakeReplies.TextWithUsage(new FakeUsage(PromptTokens: 120, CompletionTokens: 40, CachedTokens: 0), "fine"));

        await _llm.Client.CompleteAsync(LlmHarness.Ask("How are we doing?", purpose: purpose) with { MaxTokens = 200 }, null, CancellationToken.None);

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("netra.llm.purpose") == purpose);
        var requested = (string)span.GetTagItem("gen_ai.request.model")!;
        Assert.Equal(($"chat {requested}", ActivityKind.Client), (span.DisplayName, span.Kind));
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(FakeReplies.Model, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal((120L, 40L), ((long)span.GetTagItem("gen_ai.usage.input_tokens")!, (long)span.GetTagItem("gen_ai.usage.output_tokens")!));
        Assert.Equal(200, (int)span.GetTagItem("gen_ai.request.max_tokens")!);
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string s && s.Contains("How are we doing", StringComparison.Ordinal));
        Assert.Contains(("input", 120L), tokens);
        Assert.Contains(("output", 40L), tokens);
        Assert.NotEmpty(durations);
    }
}
