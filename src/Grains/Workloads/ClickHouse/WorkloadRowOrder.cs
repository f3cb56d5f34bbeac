using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The row order of <see cref="WorkloadQueryResult"/>, as the embedded store sorts: by keys in order, each compared
/// ordinally (UTF-16), null first. ClickHouse compares UTF-8 bytes and puts NULL last, so its order is not used.
/// </summary>
internal sealed class WorkloadRowOrder : IComparer<WorkloadQueryRow>
{
    public static WorkloadRowOrder Instance { get; } = new();

    public int Compare(WorkloadQueryRow? x, WorkloadQueryRow? y) => CompareKeys(x!.Keys, y!.Keys);

    /// <summary>Compares two rows' keys (as many in each).</summary>
    public static int CompareKeys(IReadOnlyList<string?> x, IReadOnlyList<string?> y)
    {
        for (var i = 0; i < x.Count; i++)
        {
            var order = string.CompareOrdinal(x[i], y[i]); // null sorts first
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
