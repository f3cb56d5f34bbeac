using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>The literal encoder, in C# and against the server: what goes in as a literal comes back unchanged.</summary>
public sealed class ClickHouseSqlTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("x' OR 1=1 --", @"'x\' OR 1=1 --'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData(@"\'", @"'\\\''")]
    [InlineData("a\nb\tc\rd\0e\u0001f\u007f", @"'a\nb\tc\rd\0e\x01f\x7F'")]
    [InlineData("ünï😀", "'ünï😀'")]
    [InlineData("", "''")]
    public void Strings_are_quoted_and_escaped(string value, string literal) => Assert.Equal(literal, ClickHouseSql.String(value));

    [Fact]
    public void Numbers_are_invariant_and_round_trip()
    {
        Assert.Equal("-42", ClickHouseSql.Number(-42L));
        Assert.Equal("toFloat64(0.1)", ClickHouseSql.Number(0.1));
        Assert.Equal("toFloat64(1E+300)", ClickHouseSql.Number(1e300));
        Assert.Equal("nan", ClickHouseSql.Number(double.NaN));
        Assert.Equal("-inf", ClickHouseSql.Number(double.NegativeInfinity));
        Assert.Equal("0", ClickHouseSql.In("model", []));
    }

    [Theory]
    [InlineData("bad-name")]
    [InlineData("a`b")]
    [InlineData("1abc")]
    [InlineData("")]
    public void Identifiers_must_be_plain(string name) => Assert.Throws<ArgumentException>(() => ClickHouseSql.Identifier(name));

    [Fact]
    public async Task The_server_reads_every_literal_back_as_the_same_string()
    {
        var store = await ClickHouseStores.SharedAsync();
        var user = ClickHouseStores.NewUser();
        var strange = Enumerable.Range(0, 128).Select(c => $"c{(char)c}x").Concat(["x' OR 1=1 --", @"\\'\'", "😀ü", "\"}{"]).ToArray();
        await store.AppendAsync(user, [.. strange.Select((s, i) => Sample.At(i, model: s))], CancellationToken.None);

        foreach (var s in strange)
        {
            var rows = (await store.QueryAsync(user, new WorkloadQuery(new WorkloadFilter { Models = [s] }, [WorkloadDimension.Model], [Measure.Count()]), CancellationToken.None)).Rows;
            Assert.Equal(s, Assert.Single(rows).Keys[0]);
        }
    }
}
