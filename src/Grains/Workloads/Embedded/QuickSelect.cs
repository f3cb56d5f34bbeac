namespace Netra.Grains.Workloads.Embedded;

/// <summary>Selection: the value of a given rank among unsorted values, in expected linear time.</summary>
internal static class QuickSelect
{
    private const int SortBelow = 24;

    /// <summary>
    /// Reorders <paramref name="values"/> so that index <paramref name="k"/> holds the value a full ascending sort would
    /// put there, everything before it is no greater and everything after it no less (Hoare's quickselect with a
    /// median-of-three pivot), and returns that value. Values must not be NaN. Repeated calls on the same span, for
    /// several ranks, stay correct: each leaves the span a permutation of the values.
    /// </summary>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (hi - lo >= SortBelow)
        {
            var mid = lo + ((hi - lo) / 2);
            Order(values, lo, mid);
            Order(values, lo, hi);
            Order(values, mid, hi);
            var pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k]; // between j and i every value equals the pivot
            }
        }

        values[lo..(hi + 1)].Sort();
        return values[k];
    }

    private static void Order(Span<double> values, int a, int b)
    {
        if (values[b] < values[a])
        {
            (values[a], values[b]) = (values[b], values[a]);
        }
    }
}
