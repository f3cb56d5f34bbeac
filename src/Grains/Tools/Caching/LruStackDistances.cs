namespace Netra.Grains.Tools.Caching;

/// <summary>
/// LRU stack distances of a stream of block accesses (Mattson et al., 1970): a block's distance is the number of
/// distinct other blocks accessed since its previous access. An LRU cache of C blocks holds a block at its access
/// exactly when the distance is below C, so one pass answers every capacity at once. Last-access slots are counted in
/// a Fenwick tree, renumbered when the slots run out, so memory is O(distinct blocks) and each access O(log n).
/// </summary>
internal sealed class LruStackDistances
{
    private const int MinimumSlots = 1_024;
    private readonly Dictionary<long, int> _slots = [];
    private int[] _tree = new int[MinimumSlots + 1];
    private int _next = 1;

    /// <summary>The distinct blocks accessed so far.</summary>
    public int DistinctBlocks => _slots.Count;

    /// <summary>Accesses <paramref name="block"/>: its stack distance, or -1 on its first access.</summary>
    public long Access(long block)
    {
        if (_next >= _tree.Length)
        {
            Compact();
        }

        long distance = -1;
        if (_slots.TryGetValue(block, out var previous))
        {
            distance = _slots.Count - Prefix(previous);
            Add(previous, -1);
        }

        _slots[block] = _next;
        Add(_next, 1);
        _next++;
        return distance;
    }

    private void Compact()
    {
        var ordered = _slots.OrderBy(s => s.Value).Select(s => s.Key).ToList();
        _tree = new int[Math.Max(MinimumSlots, 2 * ordered.Count) + 1];
        _next = 1;
        foreach (var block in ordered)
        {
            _slots[block] = _next;
            Add(_next, 1);
            _next++;
        }
    }

    private void Add(int slot, int delta)
    {
        for (var i = slot; i < _tree.Length; i += i & -i)
        {
            _tree[i] += delta;
        }
    }

    private int Prefix(int slot)
    {
        var sum = 0;
        for (var i = slot; i > 0; i -= i & -i)
        {
            sum += _tree[i];
        }

        return sum;
    }
}
