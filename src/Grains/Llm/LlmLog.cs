using Microsoft.Extensions.Logging;

namespace Netra.Grains.Llm;

/// <summary>The LLM client's log messages, source-generated. Event ids 9500–9599. None of them carries the API key or a prompt.</summary>
internal static partial class LlmLog
{
    [LoggerMessage(9500, LogLevel.Information, "LLM: the OpenAI-compatible endpoint {Endpoint} with model {Model}")]
    public static partial void UsingModel(ILogger logger, string endpoint, string model);

    [LoggerMessage(9501, LogLevel.Information, "LLM: the deterministic default (set Netra:Llm:Endpoint and Netra:Llm:Model to use a model)")]
    public static partial void UsingDeterministic(ILogger logger);

    [LoggerMessage(9502, LogLevel.Debug, "LLM call {PromptHash} for user {UserId} ({Purpose}): attempt {Attempt} to model {Model}, streaming {Streaming}")]
    public static partial void CallStarted(ILogger logger, string promptHash, string userId, string purpose, int attempt, string model, bool streaming);

    [LoggerMessage(9503, LogLevel.Debug, "LLM call {PromptHash} ({Purpose}) finished ({FinishReason}): {InputTokens} tokens in, {OutputTokens} out, {LatencyMs:F0} ms")]
    public static partial void CallCompleted(ILogger logger, string promptHash, string purpose, string finishReason, long inputTokens, long outputTokens, double latencyMs);

    [LoggerMessage(9504, LogLevel.Warning, "LLM call {PromptHash} ({Purpose}) failed on attempt {Attempt} of {MaxAttempts} ({Code}, HTTP {HttpStatus}); retrying in {DelayMs:F0} ms")]
    public static partial void CallRetrying(ILogger logger, string promptHash, string purpose, int attempt, int maxAttempts, string code, int httpStatus, double delayMs);

    [LoggerMessage(9505, LogLevel.Warning, "LLM call {PromptHash} ({Purpose}) failed after {Attempts} attempt(s): {Code}")]
    public static partial void CallFailed(ILogger logger, LlmException exception, string promptHash, string purpose, int attempts, string code);

    [LoggerMessage(9506, LogLevel.Debug, "LLM cache hit {PromptHash} ({Purpose})")]
    public static partial void CacheHit(ILogger logger, string promptHash, string purpose);

    [LoggerMessage(9507, LogLevel.Trace, "LLM cache miss {PromptHash} ({Purpose}): {MessageCount} messages, {ToolCount} tools, schema {HasSchema}, facts {HasFacts}")]
    public static partial void CacheMiss(ILogger logger, string promptHash, string purpose, int messageCount, int toolCount, bool hasSchema, bool hasFacts);

    [LoggerMessage(9508, LogLevel.Error, "LLM call {PromptHash} of user {UserId} could not be recorded in netra-self")]
    public static partial void UsageNotRecorded(ILogger logger, Exception exception, string promptHash, string userId);

    [LoggerMessage(9509, LogLevel.Debug, "LLM call {PromptHash} ({Purpose}): the deterministic default cannot answer it: {Reason}")]
    public static partial void DeterministicUnsupported(ILogger logger, string promptHash, string purpose, string reason);

    [LoggerMessage(9510, LogLevel.Trace, "LLM call {PromptHash}: first token after {TtftMs:F0} ms")]
    public static partial void FirstToken(ILogger logger, string promptHash, double ttftMs);

    [LoggerMessage(9511, LogLevel.Debug, "LLM call {PromptHash} prompt (Netra:Llm:LogContent is on): {Prompt}")]
    public static partial void Prompt(ILogger logger, string promptHash, string prompt);

    [LoggerMessage(9512, LogLevel.Debug, "LLM call {PromptHash} completion (Netra:Llm:LogContent is on): {Completion}")]
    public static partial void Completion(ILogger logger, string promptHash, string completion);
}
