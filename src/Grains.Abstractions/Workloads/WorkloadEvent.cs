namespace Netra.Grains.Workloads;

/// <summary>
/// One LLM request of a user's workload: a line of <c>POST /api/workloads/events</c> (../shared/PROTOCOL.md, "Workload
/// event"). Field names follow the OpenTelemetry GenAI conventions where they exist.
/// </summary>
/// <param name="Timestamp">When the request started.</param>
/// <param name="RequestId">The caller's id for the request, if any.</param>
/// <param name="Provider">The provider, such as <c>openai</c>.</param>
/// <param name="Model">The model, such as <c>gpt-4o-mini</c>.</param>
/// <param name="Operation">The operation, such as <c>chat</c>.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CacheReadInputTokens">Prompt tokens served from the provider's cache.</param>
/// <param name="CacheCreationInputTokens">Prompt tokens written to the provider's cache.</param>
/// <param name="LatencyMs">End-to-end latency.</param>
/// <param name="TtftMs">Time to first token.</param>
/// <param name="Status"><c>ok</c>, <c>error</c>, <c>rate_limited</c> or <c>timeout</c>.</param>
/// <param name="FinishReason">Why generation stopped, such as <c>stop</c> or <c>length</c>.</param>
/// <param name="CostUsd">The cost; computed from the model catalog's prices when the caller gave none.</param>
/// <param name="Feature">The product feature that made the request.</param>
/// <param name="EndUser">The end user it served.</param>
/// <param name="SessionId">The session it belongs to.</param>
/// <param name="Dataset">The dataset that groups it (<c>default</c> unless named; the demo data is <c>demo</c>).</param>
/// <param name="PromptHash">A hash of the whole prompt, for exact-repeat analysis.</param>
/// <param name="PrefixHashes">Hashes of fixed-size prompt prefix blocks (512 tokens unless the import says otherwise).</param>
/// <param name="MaxTokens">The request's max_tokens, if known.</param>
/// <param name="Team">The team that owns the feature or end user, if known (a Netra extension of the PROTOCOL event).</param>
public sealed record WorkloadEvent(
    DateTimeOffset Timestamp,
    string? RequestId,
    string? Provider,
    string Model,
    string? Operation,
    long InputTokens,
    long OutputTokens,
    long CacheReadInputTokens,
    long CacheCreationInputTokens,
    double? LatencyMs,
    double? TtftMs,
    string Status,
    string? FinishReason,
    decimal? CostUsd,
    string? Feature,
    string? EndUser,
    string? SessionId,
    string Dataset,
    string? PromptHash,
    IReadOnlyList<long>? PrefixHashes,
    long? MaxTokens = null,
    string? Team = null);
