namespace Netra.Grains.Tools.Caching;

/// <summary>
/// Near-repeated prompts found in a time-ordered stream: requests are grouped by their first k prefix blocks, and a
/// later request of a group is a near repeat when its prompt_hash differs from the group's first request (or either
/// has none) and their common leading blocks cover at least a share of the longer block list (a Jaccard-like overlap
/// of prefixes). Memory is bounded: at most <c>maxGroups</c> groups, each keeping its first request's first 256 blocks;
/// requests whose key would open a group beyond that are counted as untracked.
/// </summary>
internal sealed class NearRepeatGroups(int sharedBlocks, double minOverlap, int maxGroups)
{
    private const int KeptBlocks = 256;
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public long UntrackedRequests { get; private set; }

    public long Requests { get; private set; }

    public void Add(IReadOnlyList<long> blocks, string? promptHash, long tokens, double costUsd)
    {
        Requests++;
        var key = string.Join(",", blocks.Take(sharedBlocks));
        if (!_groups.TryGetValue(key, out var group))
        {
            if (_groups.Count >= maxGroups)
            {
                UntrackedRequests++;
                return;
            }

            _groups[key] = new Group(key, [.. blocks.Take(KeptBlocks)], blocks.Count, promptHash);
            return;
        }

        group.Requests++;
        if (promptHash is not null && promptHash == group.PromptHash)
        {
            return;
        }

        var shared = 0;
        while (shared < blocks.Count && shared < group.Blocks.Length && blocks[shared] == group.Blocks[shared])
        {
            shared++;
        }

        var overlap = (double)shared / Math.Max(blocks.Count, group.BlockCount);
        if (overlap >= minOverlap)
        {
            group.NearRepeats++;
            group.OverlapSum += overlap;
            group.RepeatedTokens += tokens;
            group.RepeatedCostUsd += costUsd;
        }
    }

    /// <summary>The groups with at least one near repeat.</summary>
    public IEnumerable<Group> WithRepeats() => _groups.Values.Where(g => g.NearRepeats > 0);

    /// <summary>Requests sharing one key.</summary>
    internal sealed class Group(string key, long[] blocks, int blockCount, string? promptHash)
    {
        public string Key => key;

        public long[] Blocks => blocks;

        public int BlockCount => blockCount;

        public string? PromptHash => promptHash;

        public long Requests { get; set; } = 1;

        public long NearRepeats { get; set; }

        public double OverlapSum { get; set; }

        public long RepeatedTokens { get; set; }

        public double RepeatedCostUsd { get; set; }
    }
}
