using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Netra.Grains.Llm.Deterministic;

/// <summary>
/// The default <see cref="ILlmClient"/>: no network, no model. It words <see cref="LlmRequest.FactsJson"/> as plain
/// sentences, or fills <see cref="LlmRequest.ResponseSchemaJson"/> from the facts; the same request always gets the same
/// answer. It ignores the messages and tools, and it never writes a number that is not in the facts.
/// </summary>
internal sealed class DeterministicLlmClient(LlmUsageRecorder usage, TimeProvider time, ILogger<DeterministicLlmClient> logger) : ILlmClient
{
    /// <summary>The model name of its answers and events.</summary>
    public const string ModelName = "deterministic";

    /// <summary>The provider of its events: Netra itself.</summary>
    public const string Provider = "netra";

    /// <inheritdoc/>
    public bool IsModel => false;

    /// <inheritdoc/>
    public async Task<LlmResponse> CompleteAsync(LlmRequest request, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var promptHash = LlmRequestKey.Compute(ModelName, request);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var usageEvent = LlmUsageRecorder.Event(request, promptHash, Provider, ModelName, startedAt, "ok") with { CostUsd = 0m };
        string content;
        try
        {
            content = Answer(request);
        }
        catch (LlmException e)
        {
            LlmLog.DeterministicUnsupported(logger, promptHash, request.Purpose, e.Message);
            await usage.RecordAsync(request.UserId, usageEvent with { Status = "error", LatencyMs = time.GetElapsedTime(started).TotalMilliseconds }, cancellationToken);
            throw;
        }

        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        await usage.RecordAsync(request.UserId, usageEvent with { LatencyMs = latencyMs, FinishReason = "stop" }, cancellationToken);
        if (onDelta is not null && content.Length > 0)
        {
            await onDelta(content, cancellationToken);
        }

        return new LlmResponse(content, [], "stop", ModelName, 0, 0, 0, latencyMs, FromCache: false);
    }

    private static string Answer(LlmRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.FactsJson))
        {
            throw Unsupported("the request has no facts, and the deterministic default only words facts; configure Netra:Llm to use a model");
        }

        using var facts = Parse(request.FactsJson, "FactsJson");
        if (request.ResponseSchemaJson is null)
        {
            return FactsWording.Word(facts.RootElement);
        }

        using var schema = Parse(request.ResponseSchemaJson, "ResponseSchemaJson");
        try
        {
            return SchemaAnswer.Build(schema.RootElement, facts.RootElement);
        }
        catch (SchemaUnsupportedException e)
        {
            throw Unsupported($"the facts cannot fill the response schema: {e.Reason}");
        }
    }

    private static JsonDocument Parse(string json, string name)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LlmException("llm_unsupported", $"The deterministic default cannot answer: {name} is not valid JSON ({e.Message}).", e);
        }
    }

    private static LlmException Unsupported(string reason) => new("llm_unsupported", $"The deterministic default cannot answer: {reason}.");
}
