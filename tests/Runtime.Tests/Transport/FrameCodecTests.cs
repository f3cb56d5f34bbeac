using System.Buffers;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

public class FrameCodecTests
{
    [Fact]
    public void A_frame_split_across_many_segments_is_read_whole_and_only_when_complete()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var wire = TransportPeers.RawFrame(FrameKind.Data, payload).Concat(TransportPeers.RawFrame(FrameKind.Goodbye, [])).ToArray();

        for (var available = 0; available < FrameCodec.HeaderSize + payload.Length; available++)
        {
            var partial = Segmented(wire.AsSpan(0, available).ToArray(), 7);
            Assert.False(FrameCodec.TryReadFrame(ref partial, 1024, out _, out _));
        }

        var buffer = Segmented(wire, 3);
        Assert.True(FrameCodec.TryReadFrame(ref buffer, 1024, out var kind, out var read));
        Assert.Equal(FrameKind.Data, kind);
        Assert.Equal(payload, read.ToArray());
        Assert.True(FrameCodec.TryReadFrame(ref buffer, 1024, out kind, out read));
        Assert.Equal(FrameKind.Goodbye, kind);
        Assert.True(read.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void An_oversize_header_is_a_protocol_error_before_its_body_arrives()
    {
        var header = new byte[FrameCodec.HeaderSize];
        FrameCodec.WriteHeader(header, FrameKind.Data, 1025);
        var buffer = new ReadOnlySequence<byte>(header);

        var error = Assert.Throws<TransportProtocolException>(() => FrameCodec.TryReadFrame(ref buffer, 1024, out _, out _));
        Assert.Contains("exceeds the maximum of 1024", error.Message);
    }

    [Fact]
    public void An_unknown_frame_kind_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>(TransportPeers.RawFrame((FrameKind)99, [1, 2]));

        Assert.Throws<TransportProtocolException>(() => FrameCodec.TryReadFrame(ref buffer, 1024, out _, out _));
    }

    [Fact]
    public void Hello_round_trips_identity_and_rejects_another_protocol_version()
    {
        var identity = new PeerIdentity("127.0.0.1:1234", 42);
        var frame = TransportPeers.RawHello(identity);
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(FrameCodec.TryReadFrame(ref buffer, 1024, out var kind, out var payload));
        Assert.Equal(FrameKind.Hello, kind);
        Assert.Equal(identity, FrameCodec.ReadHello(payload));

        frame[FrameCodec.HeaderSize] = 99;
        Assert.Throws<TransportProtocolException>(() => FrameCodec.ReadHello(new ReadOnlySequence<byte>(frame, FrameCodec.HeaderSize, frame.Length - FrameCodec.HeaderSize)));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset));
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
