using System.Collections.Immutable;

namespace Netra.Runtime.Tests.Serialization;

/// <summary>Collections used by <see cref="Everything"/> have codecs generated for this assembly.</summary>
public sealed class CollectionCodecTests
{
    [Fact]
    public void Null_collections_stay_null_and_empty_ones_stay_empty()
    {
        Assert.Null(Wire.RoundTrip<int[]?>(null));
        Assert.Empty(Wire.RoundTrip(Array.Empty<int>()));
        Assert.Null(Wire.RoundTrip<List<string?>?>(null));
        Assert.Empty(Wire.RoundTrip(new List<string?>())!);
        Assert.Null(Wire.RoundTrip<Dictionary<string, List<int?>>?>(null));
        Assert.Empty(Wire.RoundTrip(new Dictionary<string, List<int?>>())!);
        Assert.Null(Wire.RoundTrip<HashSet<Guid>?>(null));
        Assert.Empty(Wire.RoundTrip(new HashSet<Guid>())!);
        Assert.True(Wire.RoundTrip(default(ImmutableArray<long>)).IsDefault);
        Assert.True(Wire.RoundTrip(ImmutableArray<long>.Empty) is { IsDefault: false, IsEmpty: true });
    }

    [Fact]
    public void Items_that_are_null_survive_inside_collections()
    {
        Assert.Equal(["a", null, ""], Wire.RoundTrip(new List<string?> { "a", null, "" })!);

        var index = Wire.RoundTrip(new Dictionary<string, List<int?>> { ["x"] = [1, null, 3], ["empty"] = [], ["none"] = null! })!;
        Assert.Equal([1, null, 3], index["x"]);
        Assert.Empty(index["empty"]);
        Assert.Null(index["none"]);
    }

    [Fact]
    public void Interface_collections_read_back_as_their_concrete_collections()
    {
        Assert.IsType<List<int>>(Wire.RoundTrip<IEnumerable<int>?>(Enumerable.Range(1, 3).Where(i => i > 1)));
        Assert.Equal([2, 3], Wire.RoundTrip<IEnumerable<int>?>(Enumerable.Range(1, 3).Where(i => i > 1))!);
        Assert.IsType<HashSet<int>>(Wire.RoundTrip<ISet<int>?>(new SortedSet<int> { 3, 1 }));
        Assert.IsType<Dictionary<Priority, string>>(Wire.RoundTrip<IDictionary<Priority, string>?>(new SortedDictionary<Priority, string> { [Priority.High] = "h" }));
        Assert.Equal("v", Wire.RoundTrip<IReadOnlyDictionary<string, Settings>?>(new Dictionary<string, Settings> { ["k"] = new() { Label = "v" } })!["k"].Label);
        Assert.Equal([[1], [2, 3]], Wire.RoundTrip<IList<int[]>?>([[1], [2, 3]])!);
    }

    [Fact]
    public void Immutable_collections_round_trip()
    {
        Assert.Equal([1L, -2L], Wire.RoundTrip(ImmutableArray.Create(1L, -2L)).ToArray());
        Assert.Equal(["a", "b"], Wire.RoundTrip(ImmutableList.Create("a", "b")));
        var addresses = ImmutableDictionary<int, Address?>.Empty.Add(1, new Address("Main", null, 5)).Add(2, null);
        var copy = Wire.RoundTrip(addresses);
        Assert.Equal(new Address("Main", null, 5), copy[1]);
        Assert.Null(copy[2]);
    }

    [Fact]
    public void Tuples_pairs_and_nullables_round_trip()
    {
        Assert.Equal((3, (string?)null), Wire.RoundTrip<(int Count, string? Last)>((3, null)));
        var seven = ((byte)1, (short)-2, 3, -4L, "five", true, Priority.High);
        Assert.Equal(seven, Wire.RoundTrip<(byte A, short B, int C, long D, string E, bool F, Priority G)>(seven));
        Assert.Equal(new KeyValuePair<string, double>("pi", Math.PI), Wire.RoundTrip(new KeyValuePair<string, double>("pi", Math.PI)));
        Assert.Null(Wire.RoundTrip<int?>(null));
        Assert.Equal(0, Wire.RoundTrip<int?>(0));
        Assert.Equal(new Money(1.5m, "EUR"), Wire.RoundTrip<Money?>(new Money(1.5m, "EUR")));
    }

    [Fact]
    public void Enums_round_trip_through_their_underlying_values()
    {
        Assert.Equal(Priority.High, Wire.RoundTrip(Priority.High));
        Assert.Equal(Access.Top | Access.Read, Wire.RoundTrip(Access.Top | Access.Read));
        Assert.Equal((Priority)7, Wire.RoundTrip((Priority)7));
    }
}
