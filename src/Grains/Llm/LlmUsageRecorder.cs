using Microsoft.Extensions.Logging;
using Netra.Grains.Workloads;

namespace Netra.Grains.Llm;

/// <summary>Turns model calls into <see cref="WorkloadEvent"/>s of the <c>netra-self</c> dataset and hands them to the <see cref="ILlmUsageSink"/>.</summary>
internal sealed class LlmUsageRecorder(ILlmUsageSink sink, ILogger logger)
{
    /// <summary>The dataset Netra's own calls go to.</summary>
    public const string Dataset = "netra-self";

    /// <summary>The operation of every call: a chat completion.</summary>
    public const string Operation = "chat";

    /// <summary>An event for one call of <paramref name="request"/>, with no tokens yet: callers fill in what they measured with <c>with</c>.</summary>
    public static WorkloadEvent Event(LlmRequest request, string promptHash, string provider, string model, DateTimeOffset startedAt, string status) => new(
        Timestamp: startedAt,
        RequestId: null,
        Provider: provider,
        Model: model,
        Operation: Operation,
        InputTokens: 0,
        OutputTokens: 0,
        CacheReadInputTokens: 0,
        CacheCreationInputTokens: 0,
        LatencyMs: null,
        TtftMs: null,
        Status: status,
        FinishReason: null,
        CostUsd: null,
        Feature: request.Purpose,
        EndUser: null,
        SessionId: null,
        Dataset: Dataset,
        PromptHash: promptHash,
        PrefixHashes: null,
        MaxTokens: request.MaxTokens);

    /// <summary>
    /// Records <paramref name="usage"/> for <paramref name="userId"/>. A failing sink is logged, not thrown: the answer
    /// the caller paid for is still good. Pass <see cref="CancellationToken.None"/> to record a call the caller cancelled.
    /// </summary>
    public async ValueTask RecordAsync(string userId, WorkloadEvent usage, CancellationToken cancellationToken)
    {
        LlmTelemetry.Record(usage);
        try
        {
            await sink.RecordAsync(userId, usage, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LlmLog.UsageNotRecorded(logger, e, usage.PromptHash ?? "", userId);
        }
    }
}
