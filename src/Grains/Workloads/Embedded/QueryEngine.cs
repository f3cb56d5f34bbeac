using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>Runs a <see cref="WorkloadQuery"/> over events in memory, as its documentation defines.</summary>
internal static class QueryEngine
{
    public static WorkloadQueryResult Execute(IEnumerable<StoredEvent> events, WorkloadQuery query)
    {
        var groups = new Dictionary<GroupKey, MeasureAccumulator[]>();
        var sizes = new Dictionary<GroupKey, long>();
        foreach (var stored in events)
        {
            var keys = new string?[query.GroupBy.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = WorkloadValues.Key(stored.Event, stored.TimestampMs, query.GroupBy[i]);
            }

            var key = new GroupKey(keys);
            if (!groups.TryGetValue(key, out var accumulators))
            {
                accumulators = [.. query.Measures.Select(m => new MeasureAccumulator(m))];
                groups.Add(key, accumulators);
            }

            foreach (var accumulator in accumulators)
            {
                accumulator.Add(stored);
            }

            sizes[key] = sizes.GetValueOrDefault(key) + 1;
        }

        if (query.GroupBy.Count == 0 && groups.Count == 0)
        {
            groups.Add(new GroupKey([]), [.. query.Measures.Select(m => new MeasureAccumulator(m))]);
        }

        return new WorkloadQueryResult(
        [
            .. groups
                .Where(g => query.MinGroupEvents is not { } least || sizes[g.Key] >= least)
                .OrderBy(g => g.Key, GroupKey.Ordering)
                .Select(g => new WorkloadQueryRow(g.Key.Keys, [.. g.Value.Select(a => a.Result())])),
        ]);
    }

    private sealed class GroupKey(string?[] keys) : IEquatable<GroupKey>
    {
        public static IComparer<GroupKey> Ordering { get; } = Comparer<GroupKey>.Create(Compare);

        public string?[] Keys { get; } = keys;

        public bool Equals(GroupKey? other) => other is not null && Keys.AsSpan().SequenceEqual(other.Keys, StringComparer.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as GroupKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var key in Keys)
            {
                hash.Add(key, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        private static int Compare(GroupKey? a, GroupKey? b)
        {
            for (var i = 0; i < a!.Keys.Length; i++)
            {
                var order = string.CompareOrdinal(a.Keys[i], b!.Keys[i]); // null sorts first
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }

    private sealed class MeasureAccumulator(Measure measure)
    {
        private readonly List<double>? _values = measure.Kind == MeasureKind.Quantile ? [] : null;
        private readonly HashSet<string>? _distinct = measure.Kind == MeasureKind.CountDistinct ? new(StringComparer.Ordinal) : null;
        private long _count;
        private double _sum;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;

        public void Add(StoredEvent stored)
        {
            if (measure.Kind == MeasureKind.Count)
            {
                _count++;
                return;
            }

            if (measure.Kind == MeasureKind.CountDistinct)
            {
                if (WorkloadValues.Key(stored.Event, stored.TimestampMs, new GroupBy(measure.Distinct!.Value)) is { } key)
                {
                    _distinct!.Add(key);
                }

                return;
            }

            if (WorkloadValues.Field(stored.Event, stored.TimestampMs, measure.Field!.Value) is not { } value)
            {
                return;
            }

            _count++;
            _sum += value;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            _values?.Add(value);
        }

        public double? Result()
        {
            switch (measure.Kind)
            {
                case MeasureKind.Count or MeasureKind.CountValues:
                    return _count;
                case MeasureKind.CountDistinct:
                    return _distinct!.Count;
                case MeasureKind.Sum:
                    return _sum;
                case MeasureKind.Avg:
                    return _count == 0 ? null : _sum / _count;
                case MeasureKind.Min:
                    return _count == 0 ? null : _min;
                case MeasureKind.Max:
                    return _count == 0 ? null : _max;
                default:
                    _values!.Sort();
                    return Quantiles.NearestRank(_values, measure.Level);
            }
        }
    }
}
