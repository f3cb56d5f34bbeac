using Microsoft.Extensions.Logging;

namespace Netra.Grains.Llm;

/// <summary>
/// Netra's response cache in front of a client: a bounded LRU keyed by <see cref="LlmRequestKey"/>, so a request that
/// differs only in whitespace or JSON layout is answered from the cache with <see cref="LlmResponse.FromCache"/> set.
/// A hit still hands the whole text to <c>onDelta</c> once. Failures are not cached. Two identical requests in flight at
/// once both reach the model; the later answer wins the slot.
/// </summary>
internal sealed class CachingLlmClient(ILlmClient inner, string model, int capacity, TimeProvider time, ILogger<CachingLlmClient> logger) : ILlmClient
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, LlmResponse>>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, LlmResponse>> _recency = new();

    /// <summary>The client behind the cache.</summary>
    public ILlmClient Inner => inner;

    /// <inheritdoc/>
    public bool IsModel => inner.IsModel;

    /// <summary>How many answers the cache holds now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<LlmResponse> CompleteAsync(LlmRequest request, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (capacity <= 0)
        {
            return await inner.CompleteAsync(request, onDelta, cancellationToken);
        }

        var started = time.GetTimestamp();
        var key = LlmRequestKey.Compute(model, request);
        if (TryGet(key, out var cached))
        {
            LlmLog.CacheHit(logger, key, request.Purpose);
            if (onDelta is not null && cached.Content.Length > 0)
            {
                await onDelta(cached.Content, cancellationToken);
            }

            return cached with { FromCache = true, LatencyMs = time.GetElapsedTime(started).TotalMilliseconds };
        }

        LlmLog.CacheMiss(logger, key, request.Purpose, request.Messages.Count, request.Tools?.Count ?? 0, request.ResponseSchemaJson is not null, request.FactsJson is not null);
        var response = await inner.CompleteAsync(request, onDelta, cancellationToken);
        Add(key, response with { FromCache = false });
        return response;
    }

    private bool TryGet(string key, out LlmResponse response)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                response = node.Value.Value;
                return true;
            }
        }

        response = null!;
        return false;
    }

    private void Add(string key, LlmResponse response)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst(new KeyValuePair<string, LlmResponse>(key, response));
            while (_entries.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
    }
}
