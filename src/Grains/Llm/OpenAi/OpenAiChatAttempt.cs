using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Netra.Grains.Llm.OpenAi;

/// <summary>
/// One try at a chat completion: streamed when the caller takes deltas, otherwise in one response. The attempt times
/// out when the response does not start within the timeout, or when a stream goes quiet for that long.
/// </summary>
internal sealed class OpenAiChatAttempt(ChatClient chat, TimeSpan timeout, TimeProvider time)
{
    /// <summary>Runs the attempt, filling <paramref name="meter"/> as the response arrives.</summary>
    /// <exception cref="DeltaCallbackException"><paramref name="onDelta"/> threw.</exception>
    /// <exception cref="MalformedResponseException">The response is not a usable chat completion.</exception>
    public async Task<LlmResponse> RunAsync(
        LlmRequest request,
        IReadOnlyList<ChatMessage> messages,
        Func<string, CancellationToken, ValueTask>? onDelta,
        AttemptMeter meter,
        long startedTimestamp,
        CancellationToken cancellationToken)
    {
        using var quiet = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        quiet.CancelAfter(timeout);
        var options = OpenAiChatRequest.Options(request);
        var (content, toolCalls) = onDelta is null
            ? await CompleteAsync(messages, options, meter, linked.Token)
            : await StreamAsync(messages, options, onDelta, meter, quiet, startedTimestamp, linked.Token, cancellationToken);
        var finishReason = meter.FinishReason ?? throw new MalformedResponseException("it has no finish reason");
        if (request.ResponseSchemaJson is not null && finishReason == "stop" && toolCalls.Count == 0 && !IsJson(content))
        {
            throw new MalformedResponseException("a response schema was given but the answer is not JSON");
        }

        return new LlmResponse(
            content,
            toolCalls,
            finishReason,
            meter.Model ?? "",
            meter.InputTokens,
            meter.OutputTokens,
            meter.CachedInputTokens,
            time.GetElapsedTime(startedTimestamp).TotalMilliseconds,
            FromCache: false);
    }

    private async Task<(string Content, IReadOnlyList<LlmToolCall> ToolCalls)> CompleteAsync(
        IReadOnlyList<ChatMessage> messages, ChatCompletionOptions options, AttemptMeter meter, CancellationToken cancellationToken)
    {
        ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
        meter.RequestId = completion.Id;
        meter.Model = completion.Model;
        Measure(completion.Usage, meter);
        try
        {
            meter.FinishReason = OpenAiChatRequest.FinishReason(completion.FinishReason);
            var content = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            var toolCalls = completion.ToolCalls.Select(c => Checked(c.Id, c.FunctionName, c.FunctionArguments?.ToString() ?? "")).ToList();
            return (content, toolCalls);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The package reads the first choice by index.
            throw new MalformedResponseException("it has no choices");
        }
    }

    private async Task<(string Content, IReadOnlyList<LlmToolCall> ToolCalls)> StreamAsync(
        IReadOnlyList<ChatMessage> messages,
        ChatCompletionOptions options,
        Func<string, CancellationToken, ValueTask> onDelta,
        AttemptMeter meter,
        CancellationTokenSource quiet,
        long startedTimestamp,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        var content = new StringBuilder();
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options, attemptToken))
        {
            quiet.CancelAfter(timeout);
            meter.RequestId ??= update.CompletionId;
            meter.Model ??= update.Model;
            foreach (var part in update.ContentUpdate)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                {
                    meter.TtftMs ??= time.GetElapsedTime(startedTimestamp).TotalMilliseconds;
                    content.Append(part.Text);
                    meter.DeltasSent = true;
                    await DeliverAsync(onDelta, part.Text, callerToken);
                }
            }

            foreach (var call in update.ToolCallUpdates)
            {
                meter.TtftMs ??= time.GetElapsedTime(startedTimestamp).TotalMilliseconds;
                var (id, name, arguments) = calls.TryGetValue(call.Index, out var known) ? known : (null, null, new StringBuilder());
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
                calls[call.Index] = (string.IsNullOrEmpty(call.ToolCallId) ? id : call.ToolCallId, string.IsNullOrEmpty(call.FunctionName) ? name : call.FunctionName, arguments);
            }

            if (update.FinishReason is { } reason)
            {
                meter.FinishReason = OpenAiChatRequest.FinishReason(reason);
            }

            Measure(update.Usage, meter);
            quiet.CancelAfter(timeout);
        }

        if (meter.FinishReason is null)
        {
            throw new MalformedResponseException("the stream ended without a finish reason");
        }

        return (content.ToString(), calls.Values.Select(c => Checked(c.Id, c.Name, c.Arguments.ToString())).ToList());
    }

    private static async ValueTask DeliverAsync(Func<string, CancellationToken, ValueTask> onDelta, string text, CancellationToken cancellationToken)
    {
        try
        {
            await onDelta(text, cancellationToken);
        }
        catch (Exception e)
        {
            throw new DeltaCallbackException(e);
        }
    }

    private static void Measure(ChatTokenUsage? usage, AttemptMeter meter)
    {
        if (usage is null)
        {
            return;
        }

        meter.InputTokens = usage.InputTokenCount;
        meter.OutputTokens = usage.OutputTokenCount;
        meter.CachedInputTokens = usage.InputTokenDetails?.CachedTokenCount ?? 0;
    }

    private static LlmToolCall Checked(string? id, string? name, string arguments)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            throw new MalformedResponseException("a tool call has no id or no function name");
        }

        return new LlmToolCall(id, name, arguments.Length == 0 ? "{}" : arguments);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
