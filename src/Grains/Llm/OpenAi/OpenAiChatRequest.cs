using OpenAI.Chat;

namespace Netra.Grains.Llm.OpenAi;

/// <summary>An <see cref="LlmRequest"/> in the OpenAI package's terms.</summary>
internal static class OpenAiChatRequest
{
    /// <summary>The request's messages.</summary>
    /// <exception cref="ArgumentException">A message has a role other than system, user, assistant or tool, or a tool message has no call id.</exception>
    public static List<ChatMessage> Messages(LlmRequest request) => request.Messages.Select(Message).ToList();

    /// <summary>Fresh options for one attempt: the package fills them in as it sends, so attempts do not share them.</summary>
    public static ChatCompletionOptions Options(LlmRequest request)
    {
        var options = new ChatCompletionOptions();
        if (request.MaxTokens is { } maxTokens)
        {
            options.MaxOutputTokenCount = maxTokens;
        }

        foreach (var tool in request.Tools ?? [])
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.ParametersSchemaJson)));
        }

        if (request.ResponseSchemaJson is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("response", BinaryData.FromString(schema), jsonSchemaIsStrict: false);
        }

        return options;
    }

    /// <summary>A finish reason as the API spells it.</summary>
    public static string FinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static ChatMessage Message(LlmMessage message)
    {
        switch (message.Role.Trim().ToLowerInvariant())
        {
            case "system":
                return new SystemChatMessage(message.Content);
            case "user":
                return new UserChatMessage(message.Content);
            case "assistant" when message.ToolCalls is { Count: > 0 } calls:
                var assistant = new AssistantChatMessage(calls.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.ArgumentsJson))));
                if (!string.IsNullOrEmpty(message.Content))
                {
                    assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Content));
                }

                return assistant;
            case "assistant":
                return new AssistantChatMessage(message.Content);
            case "tool" when !string.IsNullOrEmpty(message.ToolCallId):
                return new ToolChatMessage(message.ToolCallId, message.Content);
            case "tool":
                throw new ArgumentException("A tool message needs the ToolCallId of the call it answers.", nameof(message));
            default:
                throw new ArgumentException($"'{message.Role}' is not a chat role: use system, user, assistant or tool.", nameof(message));
        }
    }
}
