using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Workloads;

public sealed class QuickSelectTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(23, 5)]
    [InlineData(24, 5)]
    [InlineData(1_000, 1_000_000)]
    [InlineData(1_000, 3)]
    [InlineData(5_000, 1)]
    public void Every_rank_selects_what_a_full_sort_puts_there(int length, int distinct)
    {
        var random = new Random(length * 31 + distinct);
        var values = Enumerable.Range(0, length).Select(_ => (double)random.Next(distinct) - (distinct / 2)).ToArray();
        var sorted = values.Order().ToArray();

        for (var k = 0; k < length; k++)
        {
            Assert.Equal(sorted[k], QuickSelect.Select(values, k)); // the same span, reordered by every earlier call
        }

        Assert.Equal(sorted, values.Order());
    }

    [Fact]
    public void Sorted_and_reversed_input_select_correctly()
    {
        var ascending = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
        var descending = ascending.Reverse().ToArray();

        Assert.Equal(9_499, QuickSelect.Select(ascending, 9_499));
        Assert.Equal(5_000, QuickSelect.Select(descending, 5_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuickSelect.Select(ascending, 10_000));
    }
}
