namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The arrival stamps (<c>seq</c>) of the ClickHouse store: the clock in 100 ns ticks, made strictly increasing within
/// the process. They order events of equal timestamp in arrival order, and a deletion marker hides the events stamped
/// before it. Processes that share a database should have synchronized clocks; a marker also lies past the greatest
/// stamp of its dataset, so it never hides an event that was stored before the delete was asked for.
/// </summary>
internal static class ClickHouseSequence
{
    private static long s_last;

    /// <summary>Reserves <paramref name="count"/> consecutive stamps and returns the first.</summary>
    public static ulong Reserve(TimeProvider time, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        while (true)
        {
            var last = Interlocked.Read(ref s_last);
            var first = Math.Max(last + 1, time.GetUtcNow().UtcTicks);
            if (Interlocked.CompareExchange(ref s_last, first + count - 1, last) == last)
            {
                return (ulong)first;
            }
        }
    }

    /// <summary>A stamp greater than every stamp given so far and than <paramref name="atLeast"/>; later stamps are greater still.</summary>
    public static ulong Past(TimeProvider time, ulong atLeast)
    {
        while (true)
        {
            var last = Interlocked.Read(ref s_last);
            var next = Math.Max(Math.Max(last + 1, time.GetUtcNow().UtcTicks), (long)Math.Min(atLeast, long.MaxValue - 1));
            if (Interlocked.CompareExchange(ref s_last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }
}
