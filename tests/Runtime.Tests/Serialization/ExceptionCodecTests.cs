using System.Buffers;
using Netra.Runtime.Serialization;

namespace Netra.Runtime.Tests.Serialization;

public sealed class ExceptionCodecTests
{
    public static TheoryData<Exception> CommonExceptions() =>
    [
        new Exception("plain"),
        new InvalidOperationException("invalid"),
        new NotSupportedException("unsupported"),
        new NotImplementedException("later"),
        new KeyNotFoundException("missing"),
        new TimeoutException("slow"),
        new OperationCanceledException("cancelled"),
        new TaskCanceledException("task cancelled"),
        new FormatException("format"),
        new UnauthorizedAccessException("denied"),
        new ArgumentException("bad argument", "name"),
        new ArgumentException("no parameter"),
        new ArgumentNullException("value"),
        new ArgumentOutOfRangeException("count", 42, "too many"),
        new ArgumentOutOfRangeException("count"),
        new GrainCallTimeoutException("IFoo.BarAsync on foo/1 timed out"),
        new SiloUnavailableException("silo gone"),
    ];

    [Theory]
    [MemberData(nameof(CommonExceptions))]
    public void Common_exceptions_come_back_with_their_type_and_message(Exception exception)
    {
        var copy = RoundTrip(exception);

        Assert.IsType(exception.GetType(), copy);
        Assert.Equal(exception.Message, copy.Message);
        Assert.Equal((exception as ArgumentException)?.ParamName, (copy as ArgumentException)?.ParamName);
    }

    [Fact]
    public void Netra_exceptions_keep_their_data()
    {
        var chain = new[] { GrainId.Create("call", "a"), GrainId.Create("call", "b"), GrainId.Create("call", "a") };
        var cycle = Assert.IsType<CallCycleException>(RoundTrip(new CallCycleException("cycle", chain)));
        Assert.Equal(chain, cycle.Chain);

        var conflict = Assert.IsType<InconsistentStateException>(RoundTrip(new InconsistentStateException("lost", "7", null, new TimeoutException("inner"))));
        Assert.Equal("7", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.IsType<TimeoutException>(conflict.InnerException);
    }

    [Fact]
    public void Unknown_exception_becomes_a_remote_grain_exception_with_its_type_message_and_stack()
    {
        var thrown = Throw(() => throw new QuotaExceededException("over quota"));

        var copy = Assert.IsType<RemoteGrainException>(RoundTrip(thrown));

        Assert.Equal(typeof(QuotaExceededException).FullName, copy.RemoteTypeName);
        Assert.Equal("over quota", copy.Message);
        Assert.Contains(nameof(Unknown_exception_becomes_a_remote_grain_exception_with_its_type_message_and_stack), copy.RemoteStackTrace, StringComparison.Ordinal);
        Assert.Contains(nameof(Unknown_exception_becomes_a_remote_grain_exception_with_its_type_message_and_stack), copy.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_exception_sent_on_keeps_the_original_type_name()
    {
        var once = RoundTrip(new QuotaExceededException("over"));

        var twice = Assert.IsType<RemoteGrainException>(RoundTrip(once));

        Assert.Equal(typeof(QuotaExceededException).FullName, twice.RemoteTypeName);
    }

    [Fact]
    public void Inner_exceptions_are_kept_up_to_the_depth_limit()
    {
        Exception exception = new InvalidOperationException("level 0");
        for (var i = 1; i < 20; i++)
        {
            exception = new InvalidOperationException("level " + i, exception);
        }

        var copy = RoundTrip(exception);

        var depth = 0;
        for (var e = copy; e is not null; e = e.InnerException)
        {
            depth++;
        }

        Assert.Equal(ExceptionCodec.MaxDepth, depth);
        Assert.Equal("level 18", copy.InnerException!.Message);
    }

    [Fact]
    public void Exception_typed_results_round_trip_through_their_codec()
    {
        Assert.Null(Wire.RoundTrip<Exception?>(null));
        Assert.IsType<KeyNotFoundException>(Wire.RoundTrip<Exception>(new KeyNotFoundException("k")));
    }

    private static Exception RoundTrip(Exception exception)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ExceptionCodec.Write(new WireWriter(buffer), exception);
        var reader = new WireReader(buffer.WrittenMemory);
        var copy = ExceptionCodec.Read(reader);
        Assert.Equal(0, reader.Remaining);
        return copy!;
    }

    private static Exception Throw(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("Nothing was thrown.");
    }

    private sealed class QuotaExceededException(string message) : Exception(message);
}
