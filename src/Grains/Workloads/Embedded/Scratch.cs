using System.Buffers;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// The temporary arrays of one query, rented from the shared pools and returned together when it ends, so a query
/// over tens of thousands of rows does not leave large arrays for the garbage collector. A rented array may be longer
/// than asked for; callers keep their own lengths.
/// </summary>
internal sealed class Scratch : IDisposable
{
    private readonly List<int[]> _ints = [];
    private readonly List<long[]> _longs = [];
    private readonly List<double[]> _doubles = [];

    /// <summary>An array of at least <paramref name="length"/> ints, contents undefined.</summary>
    public int[] Ints(int length) => Rent(_ints, length);

    /// <summary>An array of at least <paramref name="length"/> longs, contents undefined.</summary>
    public long[] Longs(int length) => Rent(_longs, length);

    /// <summary>An array of at least <paramref name="length"/> doubles, contents undefined.</summary>
    public double[] Doubles(int length) => Rent(_doubles, length);

    /// <inheritdoc />
    public void Dispose()
    {
        Return(_ints);
        Return(_longs);
        Return(_doubles);
    }

    private static T[] Rent<T>(List<T[]> rented, int length)
    {
        var array = ArrayPool<T>.Shared.Rent(Math.Max(1, length));
        rented.Add(array);
        return array;
    }

    private static void Return<T>(List<T[]> rented)
    {
        foreach (var array in rented)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        rented.Clear();
    }
}
