using System.Text.Json;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>The OpenAI-compatible client against a fake chat-completions server on loopback.</summary>
public sealed class OpenAiCompatibleClientTests : IAsyncLifetime
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
    public async Task Plain_completion_returns_the_models_text_tokens_and_finish_reason()
    {
        _server.Enqueue(FakeReplies.TextWithUsage(new FakeUsage(PromptTokens: 30, CompletionTokens: 7, CachedTokens: 16), "Costs rose ", "last week."));

        var response = await _llm.Client.CompleteAsync(LlmHarness.Ask("Why did costs rise?"), onDelta: null, CancellationToken.None);

        Assert.True(_llm.Client.IsModel);
        Assert.Equal("Costs rose last week.", response.Content);
        Assert.Equal("stop", response.FinishReason);
        Assert.Equal(FakeReplies.Model, response.Model);
        Assert.Equal((30, 7, 16), (response.InputTokens, response.OutputTokens, response.CachedInputTokens));
        Assert.Empty(response.ToolCalls);
        Assert.False(response.FromCache);
        var sent = Assert.Single(_server.Requests);
        Assert.False(sent.Streaming);
        Assert.Equal("fake-model", sent.Body.GetProperty("model").GetString());
        Assert.Equal(["system", "user"], sent.Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Streamed_tokens_reach_onDelta_in_order_and_make_the_whole_answer()
    {
        string[] pieces = ["The ", "total ", "cost ", "is ", "$12.30", "."];
        _server.Enqueue(FakeReplies.Text(pieces));
        var deltas = new List<string>();

        var response = await _llm.Client.CompleteAsync(LlmHarness.Ask("What is the cost?"), (delta, _) =>
        {
            deltas.Add(delta);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(pieces, deltas);
        Assert.Equal("The total cost is $12.30.", response.Content);
        Assert.Equal((12, 5, 4), (response.InputTokens, response.OutputTokens, response.CachedInputTokens));
        var sent = Assert.Single(_server.Requests);
        Assert.True(sent.Streaming);
        Assert.True(sent.Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Tool_call_streamed_in_pieces_is_assembled_with_its_arguments()
    {
        _server.Enqueue(FakeReplies.ToolCall("call_42", "cost_by_model", "{\"data", "set\": \"de", "mo\", \"days\"", ": 7}"));
        var tool = new LlmTool("cost_by_model", "Cost per model over a period.", """{"type":"object","properties":{"dataset":{"type":"string"},"days":{"type":"integer"}}}""");
        var request = LlmHarness.Ask("Which model costs most?") with { Tools = [tool] };

        var response = await _llm.Client.CompleteAsync(request, (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal("tool_calls", response.FinishReason);
        var call = Assert.Single(response.ToolCalls);
        Assert.Equal(("call_42", "cost_by_model"), (call.Id, call.Name));
        Assert.Equal("""{"dataset": "demo", "days": 7}""", call.ArgumentsJson);
        var sentTool = Assert.Single(_server.Requests).Body.GetProperty("tools").EnumerateArray().Single();
        Assert.Equal("cost_by_model", sentTool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("object", sentTool.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Tool_result_goes_back_after_the_assistant_message_that_made_the_call()
    {
        var call = new LlmToolCall("call_42", "cost_by_model", """{"days":7}""");
        var request = new LlmRequest("user-1", "triage",
        [
            new LlmMessage("user", "Which model costs most?"),
            new LlmMessage("assistant", "", ToolCalls: [call]),
            new LlmMessage("tool", """{"gpt-4o":12.3}""", ToolCallId: "call_42"),
        ]);

        await _llm.Client.CompleteAsync(request, onDelta: null, CancellationToken.None);

        var messages = Assert.Single(_server.Requests).Body.GetProperty("messages").EnumerateArray().ToList();
        var sentCall = messages[1].GetProperty("tool_calls").EnumerateArray().Single();
        Assert.Equal("call_42", sentCall.GetProperty("id").GetString());
        Assert.Equal("cost_by_model", sentCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(("tool", "call_42"), (messages[2].GetProperty("role").GetString(), messages[2].GetProperty("tool_call_id").GetString()));
    }

    [Fact]
    public async Task Response_schema_is_sent_as_a_json_schema_response_format()
    {
        _server.Enqueue(FakeReplies.Text("""{"summary":"ok"}"""));
        var request = LlmHarness.Ask("Summarise.") with { ResponseSchemaJson = """{"type":"object","properties":{"summary":{"type":"string"}}}""" };

        var response = await _llm.Client.CompleteAsync(request, onDelta: null, CancellationToken.None);

        Assert.Equal("""{"summary":"ok"}""", response.Content);
        var format = Assert.Single(_server.Requests).Body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").ValueKind);
    }

    [Fact]
    public async Task Max_tokens_is_sent_to_the_model()
    {
        await _llm.Client.CompleteAsync(LlmHarness.Ask("Short answer.") with { MaxTokens = 64 }, onDelta: null, CancellationToken.None);

        var body = Assert.Single(_server.Requests).Body;
        var limit = body.TryGetProperty("max_completion_tokens", out var completion) ? completion : body.GetProperty("max_tokens");
        Assert.Equal(64, limit.GetInt32());
    }
}
