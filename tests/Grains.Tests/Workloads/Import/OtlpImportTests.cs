using System.Text;
using Netra.Grains.Workloads.Ingestion.Import;
using static Netra.Grains.Tests.Workloads.Import.OtlpSamples;

namespace Netra.Grains.Tests.Workloads.Import;

public sealed class OtlpImportTests
{
    private readonly ImportHarness _harness = new();

    private static TraceImportSettings Otlp(string? model = null) => ImportHarness.Settings(TraceFormats.OtlpJson, model: model);

    [Fact]
    public async Task A_genai_span_maps_to_an_event_by_the_semantic_conventions()
    {
        var span = Span(1_000, 1_234, string.Join(",",
            Text("gen_ai.operation.name", "chat"), Text("gen_ai.provider.name", "openai"), Text("gen_ai.system", "ignored-when-provider-is-set"),
            Text("gen_ai.request.model", "gpt-4o"), Text("gen_ai.response.model", "gpt-4o-mini-2024-07-18"), Text("gen_ai.response.id", "chatcmpl-1"),
            Int("gen_ai.usage.input_tokens", 1_000_000), Int("gen_ai.usage.output_tokens", 1_000_000), Int("gen_ai.request.max_tokens", 4096),
            Attribute("gen_ai.response.finish_reasons", "\"arrayValue\":{\"values\":[{\"stringValue\":\"length\"}]}"),
            Text("user.id", "u-9"), Text("gen_ai.conversation.id", "conv-3"), Attribute("gen_ai.request.temperature", "\"doubleValue\":0.2")));

        var result = await _harness.ImportAsync(Export("support-bot", span), Otlp());

        Assert.Equal((1L, 0L, 0L, "otlp-json"), (result.Accepted, result.Rejected, result.Skipped, result.Dataset));
        var e = Assert.Single(await _harness.StoredAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 1, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(("chatcmpl-1", "openai", "gpt-4o-mini-2024-07-18", "chat"), (e.RequestId, e.Provider, e.Model, e.Operation));
        Assert.Equal((1_000_000L, 1_000_000L, 4096L, "length"), (e.InputTokens, e.OutputTokens, e.MaxTokens, e.FinishReason));
        Assert.Equal((1234.0, "ok", "support-bot", "u-9", "conv-3"), (e.LatencyMs, e.Status, e.Feature, e.EndUser, e.SessionId));
        Assert.Equal(0.15m + 0.60m, e.CostUsd); // the dated snapshot prices as gpt-4o-mini
    }

    [Fact]
    public async Task Deprecated_token_names_and_numeric_int_values_are_read_and_the_import_model_fills_a_missing_one()
    {
        var span = Span(0, 10, string.Join(",", Text("gen_ai.system", "anthropic"),
            Int("gen_ai.usage.prompt_tokens", 300), Attribute("gen_ai.usage.completion_tokens", "\"intValue\":40")));

        var result = await _harness.ImportAsync(Export("svc", span), Otlp(model: "claude-3-haiku"));

        Assert.Equal(1, result.Accepted);
        var e = Assert.Single(await _harness.StoredAsync());
        Assert.Equal(("claude-3-haiku", "anthropic", 300L, 40L), (e.Model, e.Provider, e.InputTokens, e.OutputTokens));
    }

    [Fact]
    public async Task Spans_without_genai_usage_are_skipped_and_errors_map_to_statuses()
    {
        var http = Span(0, 5, Text("http.request.method", "POST"));
        var limited = Span(1, 5, string.Join(",", Text("gen_ai.request.model", "gpt-4o"), Int("gen_ai.usage.input_tokens", 10),
            Int("http.response.status_code", 429)), status: ""","status":{"code":2,"message":"Too Many Requests"}""");
        var timeout = Span(2, 5, string.Join(",", Text("gen_ai.request.model", "gpt-4o"), Int("gen_ai.usage.input_tokens", 10),
            Text("error.type", "APITimeoutError")));
        var error = Span(3, 5, string.Join(",", Text("gen_ai.request.model", "gpt-4o"), Int("gen_ai.usage.input_tokens", 10)),
            status: ""","status":{"code":"STATUS_CODE_ERROR"}""");

        var result = await _harness.ImportAsync(Export("svc", http, limited, timeout, error), Otlp());

        Assert.Equal((3L, 0L, 1L), (result.Accepted, result.Rejected, result.Skipped));
        Assert.Equal(["rate_limited", "timeout", "error"], (await _harness.StoredAsync()).Select(e => e.Status));
    }

    [Fact]
    public async Task Bad_spans_are_rejected_with_the_line_where_they_begin_and_their_index()
    {
        var negative = Span(0, 5, Attribute("gen_ai.usage.input_tokens", "\"intValue\":\"-3\""));
        var noStart = Chat(1).Replace("\"startTimeUnixNano\"", "\"ignored\"", StringComparison.Ordinal);
        var body = Export("svc", Chat(0), negative, noStart, Chat(2));

        var result = await _harness.ImportAsync(body, Otlp());

        Assert.Equal((2L, 2L), (result.Accepted, result.Rejected));
        var lines = body.Split('\n');
        Assert.Equal("span 2: gen_ai.usage.input_tokens must be a non-negative integer", result.Errors[0].Reason);
        Assert.StartsWith("{\"traceId\"", lines[result.Errors[0].Line - 1]);
        Assert.Equal(lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("{\"traceId\"", StringComparison.Ordinal)).Select(x => x.i + 1).Skip(1).Take(2),
            result.Errors.Select(e => e.Line));
        Assert.Equal("span 3: startTimeUnixNano is required", result.Errors[1].Reason);
    }

    [Fact]
    public async Task Several_export_requests_one_a_line_are_read_as_one_stream_however_the_bytes_arrive()
    {
        var first = Export("a", Chat(0), Chat(1)).ReplaceLineEndings("");
        var second = Export("b", Chat(2)).ReplaceLineEndings("");
        var bytes = Encoding.UTF8.GetBytes(first + "\n" + second + "\n");

        var result = await _harness.ImportAsync(new TrickleStream(bytes, 7), Otlp());

        Assert.Equal((3L, 0L), (result.Accepted, result.Rejected));
        Assert.Equal(["a", "a", "b"], (await _harness.StoredAsync()).Select(e => e.Feature));
    }

    [Fact]
    public async Task Malformed_json_stops_the_read_and_the_spans_before_it_stand()
    {
        var body = Export("svc", Chat(0), Chat(1)).Replace("\"kind\":3", "\"kind\":3,,", StringComparison.Ordinal);
        body = Export("svc", Chat(0)) + "\n" + body;

        var result = await _harness.ImportAsync(body, Otlp());

        Assert.Equal((1L, 1L), (result.Accepted, result.Rejected));
        Assert.StartsWith("not valid JSON", result.Errors[0].Reason);
        Assert.True(result.Errors[0].Line > 5);
    }

    [Fact]
    public async Task A_document_without_spans_or_cut_short_is_rejected()
    {
        var empty = await _harness.ImportAsync("""{"resourceLogs":[]}""", Otlp());
        var cut = await new ImportHarness().ImportAsync(Export("svc", Chat(0), Chat(1))[..^20], Otlp());

        Assert.Equal((0L, 1L), (empty.Accepted, empty.Rejected));
        Assert.StartsWith("no spans found", empty.Errors[0].Reason);
        Assert.Equal((1L, 1L), (cut.Accepted, cut.Rejected));
    }
}
