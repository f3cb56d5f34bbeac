namespace Netra.Grains.Tools.Caching;

/// <summary>
/// One exact-match response cache, replayed over requests in time order: LRU eviction at a capacity (entries), and a
/// TTL counted from when a response was stored (a hit does not extend it). A lookup that finds a live entry is a hit,
/// whatever the request's own status, since the provider would not have been called; a miss stores the response only
/// when the request succeeded. Memory is bounded by the capacity.
/// </summary>
internal sealed class ResponseCacheSimulation(int? capacity, TimeSpan? ttl)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, long StoredAtMs)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, long StoredAtMs)> _recency = new();

    public int? Capacity => capacity;

    public TimeSpan? Ttl => ttl;

    public long Lookups { get; private set; }

    public long Hits { get; private set; }

    public double SavedCostUsd { get; private set; }

    public double SavedLatencyMs { get; private set; }

    public void Replay(string key, long atMs, bool succeeded, double costUsd, double latencyMs)
    {
        Lookups++;
        if (_entries.TryGetValue(key, out var node))
        {
            if (ttl is null || atMs - node.Value.StoredAtMs <= ttl.Value.TotalMilliseconds)
            {
                Hits++;
                SavedCostUsd += costUsd;
                SavedLatencyMs += latencyMs;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return;
            }

            _recency.Remove(node);
            _entries.Remove(key);
        }

        if (!succeeded)
        {
            return;
        }

        if (capacity is { } max && _entries.Count >= max)
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(last.Value.Key);
        }

        _entries[key] = _recency.AddFirst((key, atMs));
    }
}
