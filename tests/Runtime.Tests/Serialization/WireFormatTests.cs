using System.Buffers;
using Netra.Runtime.Serialization;

namespace Netra.Runtime.Tests.Serialization;

public sealed class WireFormatTests
{
    [Fact]
    public void Integers_round_trip_at_their_extremes()
    {
        Assert.Equal(sbyte.MinValue, Wire.RoundTrip(sbyte.MinValue));
        Assert.Equal(byte.MaxValue, Wire.RoundTrip(byte.MaxValue));
        Assert.Equal(short.MinValue, Wire.RoundTrip(short.MinValue));
        Assert.Equal(ushort.MaxValue, Wire.RoundTrip(ushort.MaxValue));
        Assert.Equal(int.MinValue, Wire.RoundTrip(int.MinValue));
        Assert.Equal(int.MaxValue, Wire.RoundTrip(int.MaxValue));
        Assert.Equal(uint.MaxValue, Wire.RoundTrip(uint.MaxValue));
        Assert.Equal(long.MinValue, Wire.RoundTrip(long.MinValue));
        Assert.Equal(long.MaxValue, Wire.RoundTrip(long.MaxValue));
        Assert.Equal(ulong.MaxValue, Wire.RoundTrip(ulong.MaxValue));
        Assert.Equal('\uFFFF', Wire.RoundTrip('\uFFFF'));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(63, 1)]
    [InlineData(-64, 1)]
    [InlineData(64, 2)]
    [InlineData(int.MaxValue, 5)]
    public void Small_signed_integers_take_few_bytes(int value, int size) => Assert.Equal(size, Wire.Bytes(value).Length);

    [Fact]
    public void Floating_point_and_decimal_values_round_trip_exactly()
    {
        Assert.Equal(float.Epsilon, Wire.RoundTrip(float.Epsilon));
        Assert.True(float.IsNaN(Wire.RoundTrip(float.NaN)));
        Assert.Equal(double.NegativeInfinity, Wire.RoundTrip(double.NegativeInfinity));
        Assert.Equal(Math.PI, Wire.RoundTrip(Math.PI));
        Assert.Equal(decimal.MinValue, Wire.RoundTrip(decimal.MinValue));
        Assert.Equal("1.2300", Wire.RoundTrip(1.2300m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Dates_times_and_guids_round_trip_with_kind_and_offset()
    {
        var utc = new DateTime(2026, 11, 21, 12, 44, 29, 123, DateTimeKind.Utc).AddTicks(4567);
        Assert.Equal(utc, Wire.RoundTrip(utc));
        Assert.Equal(DateTimeKind.Utc, Wire.RoundTrip(utc).Kind);
        Assert.Equal(DateTimeKind.Unspecified, Wire.RoundTrip(DateTime.MaxValue).Kind);

        var offset = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-9.5));
        Assert.Equal(offset.Offset, Wire.RoundTrip(offset).Offset);
        Assert.Equal(offset, Wire.RoundTrip(offset));
        Assert.Equal(TimeSpan.MinValue, Wire.RoundTrip(TimeSpan.MinValue));
        Assert.Equal(DateOnly.MaxValue, Wire.RoundTrip(DateOnly.MaxValue));
        Assert.Equal(new TimeOnly(23, 59, 59, 999), Wire.RoundTrip(new TimeOnly(23, 59, 59, 999)));
        var guid = Guid.NewGuid();
        Assert.Equal(guid, Wire.RoundTrip(guid));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("ünïcødé 🚀 文字")]
    public void Strings_round_trip_and_null_is_not_empty(string? value) => Assert.Equal(value, Wire.RoundTrip(value));

    [Fact]
    public void Byte_arrays_keep_null_apart_from_empty_and_memory_is_copied()
    {
        Assert.Null(Wire.RoundTrip<byte[]?>(null));
        Assert.Empty(Wire.RoundTrip(Array.Empty<byte>()));
        Assert.Equal([1, 2, 3], Wire.RoundTrip(new byte[] { 1, 2, 3 }));
        Assert.Equal([9, 8], Wire.RoundTrip(new ReadOnlyMemory<byte>([9, 8])).ToArray());
    }

    [Fact]
    public void Grain_ids_and_void_results_round_trip()
    {
        var id = GrainId.Create("thread", "t-1");
        Assert.Equal(id, Wire.RoundTrip(id));
        Assert.Empty(Wire.Bytes(default(VoidResult)));
        Assert.Equal(default, Wire.RoundTrip(default(VoidResult)));
    }

    [Fact]
    public void Truncated_frame_fails_with_a_wire_format_error()
    {
        var bytes = Wire.Bytes("hello");

        var error = Assert.Throws<WireFormatException>(() => Wire.Read<string>(bytes[..3]));
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collection_count_larger_than_the_frame_is_rejected_before_allocating()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new WireWriter(buffer).WriteCollectionHeader(int.MaxValue - 1);

        Assert.Throws<WireFormatException>(() => Wire.Read<List<string?>>(buffer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Out_of_range_value_for_the_declared_type_is_rejected()
    {
        var bytes = Wire.Bytes(long.MaxValue);

        var error = Assert.Throws<WireFormatException>(() => Wire.Read<int>(bytes));
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_without_a_codec_fails_with_a_message_naming_it()
    {
        var error = Assert.Throws<MissingWireCodecException>(() => Wire.Bytes(new UnusedByGrains(1)));

        Assert.Equal(typeof(UnusedByGrains), error.Type);
        Assert.Contains(typeof(UnusedByGrains).FullName!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_a_codec_twice_keeps_the_first()
    {
        WireCodec<Registered>.Register(static (w, v) => w.WriteInt32(v.Value), static r => new Registered(r.ReadInt32()));
        WireCodec<Registered>.Register(static (_, _) => throw new InvalidOperationException(), static _ => throw new InvalidOperationException());

        Assert.Equal(new Registered(7), Wire.RoundTrip(new Registered(7)));
    }

    private sealed record UnusedByGrains(int Value);

    private sealed record Registered(int Value);
}
