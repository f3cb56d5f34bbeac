using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Netra.Gateway.Tests.Llm;

/// <summary>Token counts the fake server reports.</summary>
public sealed record FakeUsage(int PromptTokens = 12, int CompletionTokens = 5, int CachedTokens = 4);

/// <summary>
/// Replies in the real chat-completions protocol: a <c>chat.completion</c> object, or for <c>"stream": true</c> SSE
/// <c>chat.completion.chunk</c> events (<c>data: {...}\n\n</c>), the usage in a last chunk with no choices when
/// <c>stream_options.include_usage</c> asks for it, and <c>data: [DONE]</c>.
/// </summary>
public static class FakeReplies
{
    public const string Model = "fake-model-2025";

    /// <summary>A text answer; streamed, one chunk per piece.</summary>
    public static FakeReply Text(params string[] pieces) => TextWithUsage(new FakeUsage(), pieces);

    /// <summary>A text answer with the given token counts.</summary>
    public static FakeReply TextWithUsage(FakeUsage usage, params string[] pieces) => (context, request) => Streaming(request)
        ? StreamAsync(context, request, usage, "stop", pieces.Select(p => (object)new { content = p }))
        : JsonAsync(context, Completion(new { role = "assistant", content = string.Concat(pieces) }, "stop", usage));

    /// <summary>One tool call whose arguments stream in <paramref name="argumentPieces"/>.</summary>
    public static FakeReply ToolCall(string id, string name, params string[] argumentPieces) => (context, request) =>
    {
        if (!Streaming(request))
        {
            var call = new { id, type = "function", function = new { name, arguments = string.Concat(argumentPieces) } };
            return JsonAsync(context, Completion(new { role = "assistant", content = (string?)null, tool_calls = new[] { call } }, "tool_calls", new FakeUsage()));
        }

        var first = new { tool_calls = new[] { new { index = 0, id, type = "function", function = new { name, arguments = "" } } } };
        var rest = argumentPieces.Select(p => (object)new { tool_calls = new[] { new { index = 0, function = new { arguments = p } } } });
        return StreamAsync(context, request, new FakeUsage(), "tool_calls", rest.Prepend(first));
    };

    /// <summary>An HTTP error with an OpenAI-style error body and the given headers.</summary>
    public static FakeReply Status(int status, string message = "failure", string code = "server_error", params (string Name, string Value)[] headers) => (context, _) =>
    {
        context.Response.StatusCode = status;
        foreach (var (header, value) in headers)
        {
            context.Response.Headers[header] = value;
        }

        return context.Response.WriteAsJsonAsync(new { error = new { message, type = "error", code } });
    };

    /// <summary>A 429 with <c>retry-after</c> set to <paramref name="retryAfter"/> (seconds or an HTTP date).</summary>
    public static FakeReply RateLimited(string retryAfter) => Status(429, "Rate limit reached", "rate_limit_exceeded", ("retry-after", retryAfter));

    /// <summary>Answers only after <paramref name="delay"/>, or never if the client gives up first.</summary>
    public static FakeReply Hang(TimeSpan delay) => async (context, request) =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Text("late")(context, request);
    };

    /// <summary>A 200 whose body is <paramref name="body"/> as given.</summary>
    public static FakeReply Raw(string body, string contentType = "application/json") => (context, _) =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    };

    private static bool Streaming(JsonElement request) => request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    private static object Completion(object message, string finishReason, FakeUsage usage) => new
    {
        id = "chatcmpl-fake-1",
        @object = "chat.completion",
        created = 1_750_000_000,
        model = Model,
        choices = new[] { new { index = 0, message, finish_reason = finishReason, logprobs = (object?)null } },
        usage = Usage(usage),
    };

    private static object Usage(FakeUsage usage) => new
    {
        prompt_tokens = usage.PromptTokens,
        completion_tokens = usage.CompletionTokens,
        total_tokens = usage.PromptTokens + usage.CompletionTokens,
        prompt_tokens_details = new { cached_tokens = usage.CachedTokens },
    };

    private static Task JsonAsync(HttpContext context, object body) => context.Response.WriteAsJsonAsync(body);

    private static async Task StreamAsync(HttpContext context, JsonElement request, FakeUsage usage, string finishReason, IEnumerable<object> deltas)
    {
        context.Response.ContentType = "text/event-stream";
        await ChunkAsync(context, new[] { Choice(new { role = "assistant", content = "" }, null) }, null);
        foreach (var delta in deltas)
        {
            await ChunkAsync(context, new[] { Choice(delta, null) }, null);
        }

        await ChunkAsync(context, new[] { Choice(new { }, finishReason) }, null);
        var includeUsage = request.TryGetProperty("stream_options", out var options) && options.TryGetProperty("include_usage", out var include)
            && include.ValueKind == JsonValueKind.True;
        if (includeUsage)
        {
            await ChunkAsync(context, Array.Empty<object>(), Usage(usage));
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static object Choice(object delta, string? finishReason) => new { index = 0, delta, finish_reason = finishReason, logprobs = (object?)null };

    private static async Task ChunkAsync(HttpContext context, object[] choices, object? usage)
    {
        var chunk = new { id = "chatcmpl-fake-1", @object = "chat.completion.chunk", created = 1_750_000_000, model = Model, choices, usage };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
