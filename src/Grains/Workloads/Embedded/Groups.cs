namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// Which group each selected row of a query falls in, numbered in order of first appearance. The dimensions' codes
/// are combined into one number per row (mixed radix) when their ranges allow, so a row costs one array or hash
/// lookup; otherwise rows are grouped by their codes as a sequence.
/// </summary>
internal sealed class Groups
{
    private const long DirectLimit = 1 << 16;

    private readonly IReadOnlyList<DimensionCodes> _dimensions;
    private readonly List<int> _firstRows = [];

    private readonly int _total;
    private readonly Scratch _scratch;

    private Groups(IReadOnlyList<DimensionCodes> dimensions, int total, Scratch scratch)
    {
        _dimensions = dimensions;
        _total = total;
        _scratch = scratch;
        Of = scratch.Ints(total);
    }

    /// <summary>The group of each selected row (the first <c>total</c> entries of a rented array).</summary>
    public int[] Of { get; }

    /// <summary>How many groups there are.</summary>
    public int Count => _firstRows.Count;

    /// <summary>Groups <paramref name="total"/> rows by the codes of <paramref name="dimensions"/>; with none, every row is in group 0, which always exists.</summary>
    public static Groups Build(IReadOnlyList<DimensionCodes> dimensions, int total, Scratch scratch)
    {
        var groups = new Groups(dimensions, total, scratch);
        if (dimensions.Count == 0)
        {
            Array.Clear(groups.Of, 0, total);
            groups._firstRows.Add(0);
            return groups;
        }

        var strides = Strides(dimensions);
        if (strides is null)
        {
            groups.BySequence();
        }
        else if (strides[^1] * (dimensions[^1].Max - dimensions[^1].Min + 1) <= DirectLimit)
        {
            groups.Direct(strides);
        }
        else
        {
            groups.Hashed(strides);
        }

        return groups;
    }

    /// <summary>The keys of group <paramref name="group"/>, one per dimension.</summary>
    public string?[] Keys(int group) => [.. _dimensions.Select(d => d.Key(d.Codes[_firstRows[group]]))];

    /// <summary>The multiplier of each dimension's code in the combined number, or null when the product overflows.</summary>
    private static long[]? Strides(IReadOnlyList<DimensionCodes> dimensions)
    {
        var strides = new long[dimensions.Count];
        long stride = 1;
        for (var d = 0; d < dimensions.Count; d++)
        {
            strides[d] = stride;
            var range = dimensions[d].Max - dimensions[d].Min + 1;
            if (range <= 0 || stride > long.MaxValue / 4 / range)
            {
                return null;
            }

            stride *= range;
        }

        return strides;
    }

    private long Combined(long[] strides, int row)
    {
        long combined = 0;
        for (var d = 0; d < strides.Length; d++)
        {
            combined += (_dimensions[d].Codes[row] - _dimensions[d].Min) * strides[d];
        }

        return combined;
    }

    private void Direct(long[] strides)
    {
        var size = (int)(strides[^1] * (_dimensions[^1].Max - _dimensions[^1].Min + 1));
        var slots = _scratch.Ints(size);
        Array.Clear(slots, 0, size);
        for (var row = 0; row < _total; row++)
        {
            ref var slot = ref slots[Combined(strides, row)];
            if (slot == 0)
            {
                _firstRows.Add(row);
                slot = _firstRows.Count; // 0 is "no group yet"
            }

            Of[row] = slot - 1;
        }
    }

    private void Hashed(long[] strides)
    {
        var index = new Dictionary<long, int>();
        for (var row = 0; row < _total; row++)
        {
            var combined = Combined(strides, row);
            if (!index.TryGetValue(combined, out var group))
            {
                group = _firstRows.Count;
                index.Add(combined, group);
                _firstRows.Add(row);
            }

            Of[row] = group;
        }
    }

    private void BySequence()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < _total; row++)
        {
            var key = string.Join(',', _dimensions.Select(d => d.Codes[row]));
            if (!index.TryGetValue(key, out var group))
            {
                group = _firstRows.Count;
                index.Add(key, group);
                _firstRows.Add(row);
            }

            Of[row] = group;
        }
    }
}
