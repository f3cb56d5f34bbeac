namespace Netra.Grains.Llm;

/// <summary>
/// The language model the agents use. Two implementations: the deterministic default, which needs no network and
/// words its answer from the numbers in <see cref="LlmRequest.FactsJson"/>; and an OpenAI-compatible chat-completions
/// client (<c>Netra:Llm:Endpoint</c>, <c>ApiKey</c>, <c>Model</c>) with streaming and tool calling.
/// </summary>
public interface ILlmClient
{
    /// <summary>True for a real model; false for the deterministic default, whose callers then use their own parsers.</summary>
    bool IsModel { get; }

    /// <summary>
    /// Completes <paramref name="request"/>. Streamed text goes to <paramref name="onDelta"/> as it arrives (the whole
    /// text at once for the deterministic default or a cached answer).
    /// </summary>
    /// <exception cref="LlmException">The model failed after retries: unreachable, timed out, rate limited or malformed.</exception>
    Task<LlmResponse> CompleteAsync(LlmRequest request, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken);
}

/// <summary>One chat message.</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="ToolCallId">For a <c>tool</c> message, the call it answers.</param>
/// <param name="ToolCalls">
/// For an <c>assistant</c> message, the tool calls it made: a model only accepts <c>tool</c> messages that answer calls
/// of an earlier assistant message.
/// </param>
public sealed record LlmMessage(string Role, string Content, string? ToolCallId = null, IReadOnlyList<LlmToolCall>? ToolCalls = null);

/// <summary>A tool the model may call.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="ParametersSchemaJson">A JSON Schema of its arguments.</param>
public sealed record LlmTool(string Name, string Description, string ParametersSchemaJson);

/// <summary>A tool call the model made.</summary>
public sealed record LlmToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>What to ask.</summary>
/// <param name="UserId">Whose run this is: the call is recorded in that user's <c>netra-self</c> dataset.</param>
/// <param name="Purpose">What the call is for, such as <c>triage</c> or <c>report</c>; recorded as the event's feature.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="FactsJson">The numbers the answer must be made from, as JSON; the deterministic default words these.</param>
/// <param name="Tools">Tools the model may call.</param>
/// <param name="ResponseSchemaJson">A JSON Schema the answer must follow (structured output), if any.</param>
/// <param name="MaxTokens">The most tokens to generate.</param>
public sealed record LlmRequest(
    string UserId,
    string Purpose,
    IReadOnlyList<LlmMessage> Messages,
    string? FactsJson = null,
    IReadOnlyList<LlmTool>? Tools = null,
    string? ResponseSchemaJson = null,
    int? MaxTokens = null);

/// <summary>The answer.</summary>
/// <param name="Content">The text (JSON when a response schema was given).</param>
/// <param name="ToolCalls">Tool calls the model made.</param>
/// <param name="FinishReason">Why it stopped: <c>stop</c>, <c>length</c> or <c>tool_calls</c>.</param>
/// <param name="Model">The model that answered (<c>deterministic</c> for the default).</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CachedInputTokens">Prompt tokens the provider served from its cache.</param>
/// <param name="LatencyMs">How long the call took.</param>
/// <param name="FromCache">True when Netra's own response cache answered.</param>
public sealed record LlmResponse(
    string Content,
    IReadOnlyList<LlmToolCall> ToolCalls,
    string FinishReason,
    string Model,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    double LatencyMs,
    bool FromCache);

/// <summary>A model call that failed for good. Its message never holds the API key.</summary>
public sealed class LlmException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// A stable code: <c>llm_unreachable</c>, <c>llm_timeout</c>, <c>llm_rate_limited</c> or <c>llm_malformed</c>;
    /// <c>llm_rejected</c> when the endpoint refuses the request itself (a 4xx other than 429, such as a bad key or an
    /// unknown model); <c>llm_unsupported</c> when the deterministic default cannot answer the request from its facts.
    /// </summary>
    public string Code { get; } = code;
}
