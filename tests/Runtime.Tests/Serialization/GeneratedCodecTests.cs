namespace Netra.Runtime.Tests.Serialization;

public sealed class GeneratedCodecTests
{
    [Fact]
    public void Nested_records_round_trip_with_null_members()
    {
        var customer = new Customer(Guid.NewGuid(), "Ada", new Address("Main", null, null), [new Address("Side", "Town", 12345)], Priority.High);

        var copy = Wire.RoundTrip(customer);

        Assert.Equal(customer.Home, copy.Home);
        Assert.Equal(customer.Others, copy.Others);
        Assert.Equal(customer with { Others = copy.Others }, copy);
        Assert.Null(Wire.RoundTrip<Customer?>(null));
    }

    [Fact]
    public void Class_with_settable_and_init_members_round_trips_but_computed_ones_are_not_sent()
    {
        var copy = Wire.RoundTrip(new Settings { Retries = 3, Label = "x", Tags = ["a", "b"] });

        Assert.Equal(3, copy.Retries);
        Assert.Equal("x", copy.Label);
        Assert.Equal(["a", "b"], copy.Tags!);
        Assert.Equal(2, copy.TagCount);
    }

    [Fact]
    public void Record_struct_and_recursive_record_round_trip()
    {
        Assert.Equal(new Money(-0.01m, "USD"), Wire.RoundTrip(new Money(-0.01m, "USD")));

        var tree = new Tree("root", [new Tree("a", [new Tree("a1", [])]), new Tree("b", [])]);
        var copy = Wire.AssertStable(tree);
        Assert.Equal("a1", copy.Children[0].Children[0].Name);
    }

    [Fact]
    public void Generic_record_used_with_a_concrete_argument_gets_a_codec()
    {
        var page = new Page<Customer>([new Customer(Guid.Empty, "x", null, [], Priority.Low)], 40);

        var copy = Wire.RoundTrip(page);

        Assert.Equal(40, copy.Total);
        Assert.Equal("x", Assert.Single(copy.Items).Name);
    }

    [Fact]
    public void Object_written_with_fewer_fields_reads_with_defaults_for_the_rest()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new Runtime.Serialization.WireWriter(buffer);
        writer.WriteObjectHeader(1);
        writer.WriteString("Main");

        var address = Wire.Read<Address>(buffer.WrittenSpan.ToArray());

        Assert.Equal(new Address("Main", null, null), address);
    }

    [Fact]
    public void Random_rich_records_survive_a_round_trip_unchanged()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 300; i++)
        {
            var value = RandomValues.Everything(random);

            var copy = Wire.AssertStable(value);

            Assert.Equal(value.Text, copy.Text);
            Assert.Equal(value.Decimal, copy.Decimal);
            Assert.Equal(value.AtOffset, copy.AtOffset);
            Assert.Equal(value.Index?.Keys.Order(), copy.Index?.Keys.Order());
            Assert.Equal(value.Seven, copy.Seven);
            Assert.Equal(value.Grain, copy.Grain);
        }
    }
}
