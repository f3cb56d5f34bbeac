using System.Collections.Immutable;

namespace Netra.Runtime.Tests.Serialization;

/// <summary>Random values of the rich test record, for property-based round trips.</summary>
internal static class RandomValues
{
    public static Everything Everything(Random r) => new(
        r.Next(2) == 0,
        (byte)r.Next(256),
        (sbyte)r.Next(-128, 128),
        (short)r.Next(short.MinValue, short.MaxValue),
        (ushort)r.Next(ushort.MaxValue),
        r.Next(int.MinValue, int.MaxValue),
        (uint)r.NextInt64(uint.MaxValue),
        r.NextInt64(long.MinValue, long.MaxValue),
        (ulong)r.NextInt64() * 2,
        (char)r.Next(char.MaxValue),
        (float)r.NextDouble() * 1e6f,
        r.NextDouble() * double.MaxValue * (r.Next(2) == 0 ? 1 : -1),
        new decimal(r.Next(), r.Next(), r.Next(), r.Next(2) == 0, (byte)r.Next(29)),
        Maybe(r, () => Text(r)),
        new Guid(Bytes(r, 16)),
        new DateTime(r.NextInt64(DateTime.MaxValue.Ticks), (DateTimeKind)r.Next(3)),
        new DateTimeOffset(r.NextInt64(DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay) + TimeSpan.TicksPerDay, TimeSpan.FromMinutes(r.Next(-840, 841))),
        TimeSpan.FromTicks(r.NextInt64(long.MinValue, long.MaxValue)),
        DateOnly.FromDayNumber(r.Next(DateOnly.MaxValue.DayNumber)),
        new TimeOnly(r.NextInt64(TimeOnly.MaxValue.Ticks)),
        Maybe(r, () => Bytes(r, r.Next(40))),
        (Access)(ulong)r.NextInt64(),
        (Priority)r.Next(256),
        r.Next(2) == 0 ? null : r.Next(),
        r.Next(2) == 0 ? null : new Money(r.Next(), Text(r)),
        Maybe(r, () => List(r, () => r.Next()).ToArray()),
        Maybe(r, () => List(r, () => Maybe(r, () => Text(r)))),
        Maybe(r, () => List(r, () => Text(r)).Distinct().ToDictionary(k => k, _ => List(r, () => r.Next(3) == 0 ? (int?)null : r.Next()))),
        Maybe(r, () => List(r, () => new Guid(Bytes(r, 16))).ToHashSet()),
        r.Next(3) == 0 ? default : [.. List(r, () => r.NextInt64())],
        [.. List(r, () => Text(r))],
        List(r, () => r.Next()).Distinct().ToImmutableDictionary(k => k, k => k % 2 == 0 ? null : new Address(Text(r), Maybe(r, () => Text(r)), null)),
        (r.Next(), Maybe(r, () => Text(r))),
        new KeyValuePair<string, double>(Text(r), r.NextDouble()),
        Maybe<IEnumerable<int>>(r, () => List(r, () => r.Next())),
        Maybe<ICollection<Money>>(r, () => List(r, () => new Money(r.Next(), Text(r)))),
        Maybe<IReadOnlyCollection<Tree>>(r, () => List(r, () => new Tree(Text(r), []))),
        Maybe<IDictionary<Priority, string>>(r, () => new Dictionary<Priority, string> { [Priority.Low] = Text(r) }),
        Maybe<IReadOnlyDictionary<string, Settings>>(r, () => new Dictionary<string, Settings> { ["s"] = new() { Retries = r.Next() } }),
        Maybe<ISet<int>>(r, () => List(r, () => r.Next()).ToHashSet()),
        Maybe<IList<int[]>>(r, () => List(r, () => List(r, () => r.Next()).ToArray())),
        ((byte)r.Next(256), (short)r.Next(short.MaxValue), r.Next(), r.NextInt64(), Text(r), r.Next(2) == 0, (Priority)r.Next(2)),
        Bytes(r, r.Next(10)),
        GrainId.Create(Text(r) + "t", Text(r)));

    private static T? Maybe<T>(Random r, Func<T> create)
        where T : class => r.Next(4) == 0 ? null : create();

    private static List<T> List<T>(Random r, Func<T> create) => [.. Enumerable.Range(0, r.Next(6)).Select(_ => create())];

    private static byte[] Bytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    private static string Text(Random r) =>
        new([.. Enumerable.Range(0, r.Next(12)).Select(_ => r.Next(5) == 0 ? (char)r.Next(0x4E00, 0x4F00) : (char)r.Next('a', 'z' + 1))]);
}
