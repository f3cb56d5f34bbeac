using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Netra.Runtime.Tests.Support;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

public class ConnectionTests
{
    [Fact]
    public async Task Frames_from_many_concurrent_senders_arrive_complete_and_in_order_per_sender()
    {
        const int senders = 8;
        const int perSender = 5_000;
        var received = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(received);
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler());

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                await client.SendAsync(endPoint, ConnectionManager.AnyGeneration, (sender, i), static (writer, s) =>
                {
                    var span = writer.GetSpan(100);
                    span[..100].Clear();
                    BinaryPrimitives.WriteInt32LittleEndian(span, s.sender);
                    BinaryPrimitives.WriteInt32LittleEndian(span[4..], s.i);
                    writer.Advance(100);
                });
            }
        })));

        await Eventually.TrueAsync(() => received.Count == senders * perSender, "every frame arrived");
        var next = new int[senders];
        foreach (var frame in received.Frames)
        {
            Assert.Equal(100, frame.Length);
            var sender = BinaryPrimitives.ReadInt32LittleEndian(frame);
            Assert.Equal(next[sender]++, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4)));
        }
    }

    [Fact]
    public async Task Large_frames_survive_fragmented_reads_through_tiny_socket_buffers()
    {
        var options = TransportPeers.FastOptions();
        options.SocketReceiveBufferSize = 64 * 1024;
        options.SocketSendBufferSize = 64 * 1024;
        var received = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(received, options);
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler(), options);
        var connection = await client.GetConnectionAsync(endPoint);
        var sizes = new[] { 3 * 1024 * 1024, 1, 0, 70_000, 2 * 1024 * 1024 + 17 };

        foreach (var size in sizes)
        {
            await connection.SendBytesAsync(Pattern(size));
        }

        await Eventually.TrueAsync(() => received.Count == sizes.Length, "every large frame arrived", 30_000);
        Assert.Equal(sizes.Select(Pattern), received.Frames);
    }

    [Fact]
    public async Task Frames_written_one_byte_at_a_time_are_reassembled()
    {
        var received = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(received);
        await using var _ = server;
        using var raw = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await raw.ConnectAsync(endPoint);
        var wire = TransportPeers.RawHello(new PeerIdentity("raw", 1))
            .Concat(TransportPeers.RawFrame(FrameKind.Data, Pattern(40)))
            .Concat(TransportPeers.RawFrame(FrameKind.Data, Pattern(3)))
            .ToArray();

        foreach (var b in wire)
        {
            await raw.SendAsync(new[] { b });
            await Task.Delay(1);
        }

        await Eventually.TrueAsync(() => received.Count == 2, "both frames arrived");
        Assert.Equal([Pattern(40), Pattern(3)], received.Frames);
    }

    [Fact]
    public async Task An_oversize_frame_closes_the_connection_with_a_protocol_error()
    {
        var options = TransportPeers.FastOptions();
        options.MaxFrameSize = 1024;
        var received = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(received, options);
        await using var _ = server;
        using var raw = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(endPoint);

        await raw.SendAsync(TransportPeers.RawHello(new PeerIdentity("raw", 1)));
        var header = new byte[FrameCodec.HeaderSize];
        FrameCodec.WriteHeader(header, FrameKind.Data, 1025);
        await raw.SendAsync(header);

        var (_, reason) = await received.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<TransportProtocolException>(reason);
        Assert.Contains("exceeds the maximum", error.Message);
        Assert.Equal(0, received.Count);
        Assert.Empty(server.Connections);
    }

    [Fact]
    public async Task A_frame_larger_than_the_maximum_is_refused_before_anything_is_written()
    {
        var options = TransportPeers.FastOptions();
        options.MaxFrameSize = 1024;
        var (server, endPoint) = TransportPeers.Listening(new RecordingHandler(), options);
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler(), options);
        var connection = await client.GetConnectionAsync(endPoint);

        var error = await Assert.ThrowsAsync<TransportNotDeliveredException>(() => connection.SendBytesAsync(new byte[1025]).AsTask());

        Assert.Equal(NotDeliveredReason.FrameTooLarge, error.Reason);
        Assert.True(connection.IsOpen);
        await connection.SendBytesAsync(new byte[1024]);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_connection_per_peer()
    {
        var (server, endPoint) = TransportPeers.Listening(new RecordingHandler());
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler());

        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetConnectionAsync(endPoint).AsTask()));

        Assert.Single(connections.Distinct());
        Assert.Equal(server.LocalIdentity, connections[0].RemoteIdentity);
        await Eventually.TrueAsync(
            () => server.Connections.Count == 1 && server.Connections.Single().RemoteIdentity is not null,
            "the server tracks one inbound connection and has its Hello");
        Assert.Equal(client.LocalIdentity, server.Connections.Single().RemoteIdentity);
    }

    [Fact]
    public async Task A_handler_can_answer_on_the_connection_a_frame_came_in_on()
    {
        var server = new RecordingHandler();
        server.OnData = (connection, frame) => connection.TrySend(frame, static (w, f) => w.Write(f.Reverse().ToArray()), out var ignored);
        var (manager, endPoint) = TransportPeers.Listening(server);
        await using var _ = manager;
        var replies = new RecordingHandler();
        await using var client = TransportPeers.Client(replies);

        await (await client.GetConnectionAsync(endPoint)).SendBytesAsync([1, 2, 3]);

        await Eventually.TrueAsync(() => replies.Count == 1, "the reply arrived");
        Assert.Equal([3, 2, 1], replies.Frames[0]);
    }

    [Fact]
    public async Task A_graceful_close_says_goodbye_and_reports_no_error_on_either_side()
    {
        var serverHandler = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(serverHandler);
        await using var _ = server;
        var clientHandler = new RecordingHandler();
        var client = TransportPeers.Client(clientHandler);
        var connection = await client.GetConnectionAsync(endPoint);
        await connection.SendBytesAsync([7]);

        await client.DisposeAsync();

        var (_, serverReason) = await serverHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        var (_, clientReason) = await clientHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(serverReason);
        Assert.Null(clientReason);
        Assert.Equal([[7]], serverHandler.Frames);
        var error = await Assert.ThrowsAsync<TransportNotDeliveredException>(() => connection.SendBytesAsync([8]).AsTask());
        Assert.Equal(NotDeliveredReason.ConnectionClosed, error.Reason);
    }

    internal static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 31) + (size * 7));
        }

        return bytes;
    }
}
