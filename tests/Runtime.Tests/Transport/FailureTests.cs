using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Netra.Runtime.Tests.Support;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

public class FailureTests
{
    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails_fast_and_then_fails_immediately_while_backing_off()
    {
        var options = TransportPeers.FastOptions();
        options.InitialReconnectBackoff = TimeSpan.FromSeconds(30);
        await using var client = TransportPeers.Client(new RecordingHandler(), options);
        var nobody = TransportPeers.FreeEndPoint();
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<TransportNotDeliveredException>(() => client.GetConnectionAsync(nobody).AsTask());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed}");
        Assert.Equal(NotDeliveredReason.Unreachable, refused.Reason);
        Assert.False(refused.MayHaveBeenDelivered);
        var again = await Assert.ThrowsAsync<TransportNotDeliveredException>(
            () => client.SendAsync(nobody, ConnectionManager.AnyGeneration, 0, static (_, _) => { }).AsTask());
        Assert.Equal(NotDeliveredReason.RecentlyFailed, again.Reason);
        Assert.Contains("unreachable", again.Message);
    }

    [Fact]
    public async Task A_peer_killed_mid_stream_closes_the_connection_and_queued_frames_report_not_delivered()
    {
        var options = TransportPeers.FastOptions();
        options.PauseWriterThreshold = long.MaxValue;
        options.SocketSendBufferSize = 4096;
        options.SocketReceiveBufferSize = 4096;
        using var stall = new ManualResetEventSlim(false);
        var serverHandler = new RecordingHandler { Gate = stall };
        var (server, endPoint) = TransportPeers.Listening(serverHandler, options);
        var clientHandler = new RecordingHandler();
        await using var client = TransportPeers.Client(clientHandler, options);
        var connection = await client.GetConnectionAsync(endPoint);
        var receipts = new List<FrameReceipt>();
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal(SendStatus.Sent, connection.TrySend(i, static (w, _) => w.Write(new byte[1024]), out var receipt));
            receipts.Add(receipt);
        }

        // The writer hands the first frames to the socket on its own schedule; on a loaded machine it may not have yet.
        for (var waited = 0; !receipts[0].MayHaveBeenDelivered && waited < 500; waited++)
        {
            await Task.Delay(10);
        }

        server.Abort();
        stall.Set();

        var (closed, reason) = await clientHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(connection, closed);
        Assert.IsType<ConnectionLostException>(reason);
        Assert.True(receipts[0].MayHaveBeenDelivered);
        Assert.False(receipts[^1].MayHaveBeenDelivered);
        var notDelivered = receipts.SkipWhile(r => r.MayHaveBeenDelivered).ToList();
        Assert.All(notDelivered, r => Assert.False(r.MayHaveBeenDelivered));
        var error = await Assert.ThrowsAsync<TransportNotDeliveredException>(() => connection.SendBytesAsync([1]).AsTask());
        Assert.Equal(NotDeliveredReason.ConnectionClosed, error.Reason);
    }

    [Fact]
    public async Task The_client_reconnects_to_a_peer_that_comes_back_on_the_same_port_as_a_new_incarnation()
    {
        var (first, endPoint) = TransportPeers.Listening(new RecordingHandler());
        var clientHandler = new RecordingHandler();
        await using var client = TransportPeers.Client(clientHandler);
        var oldConnection = await client.GetConnectionAsync(endPoint);
        var oldGeneration = first.LocalIdentity.Generation;

        first.Abort();
        await clientHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<TransportNotDeliveredException>(() => client.GetConnectionAsync(endPoint).AsTask());

        var received = new RecordingHandler();
        var (second, _) = TransportPeers.Listening(received, endPoint: endPoint);
        await using var secondScope = second;
        TransportConnection? newConnection = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                newConnection = await client.GetConnectionAsync(endPoint);
                return true;
            }
            catch (TransportNotDeliveredException)
            {
                return false;
            }
        }, "the client reconnected after its backoff");

        Assert.NotSame(oldConnection, newConnection);
        Assert.Equal(second.LocalIdentity, newConnection!.RemoteIdentity);
        await client.SendAsync(endPoint, second.LocalIdentity.Generation, 5, static (w, v) => w.Write([(byte)v]));
        await Eventually.TrueAsync(() => received.Count == 1, "the new incarnation got the frame");
        var stale = await Assert.ThrowsAsync<TransportNotDeliveredException>(
            () => client.GetConnectionAsync(endPoint, oldGeneration).AsTask());
        Assert.Equal(NotDeliveredReason.IncarnationMismatch, stale.Reason);
    }

    [Fact]
    public async Task A_peer_marked_dead_fails_immediately_and_its_connections_close()
    {
        var serverHandler = new RecordingHandler();
        var (server, endPoint) = TransportPeers.Listening(serverHandler);
        await using var _ = server;
        var clientHandler = new RecordingHandler();
        await using var client = TransportPeers.Client(clientHandler);
        var connection = await client.GetConnectionAsync(endPoint);

        client.MarkDead(endPoint, server.LocalIdentity.Generation);

        Assert.False(connection.IsOpen);
        var (_, reason) = await clientHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<ConnectionLostException>(reason);
        var dead = await Assert.ThrowsAsync<TransportNotDeliveredException>(
            () => client.GetConnectionAsync(endPoint, server.LocalIdentity.Generation).AsTask());
        Assert.Equal(NotDeliveredReason.PeerDead, dead.Reason);
        await serverHandler.FirstClose.WaitAsync(TimeSpan.FromSeconds(10));

        client.ClearDead(endPoint);
        var revived = await client.GetConnectionAsync(endPoint, server.LocalIdentity.Generation);
        Assert.True(revived.IsOpen);
    }

    [Fact]
    public async Task Marking_a_peer_dead_also_closes_the_connections_it_opened_to_us()
    {
        var (silo, siloEndPoint) = TransportPeers.Listening(new RecordingHandler());
        await using var _ = silo;
        var (other, otherEndPoint) = TransportPeers.Listening(new RecordingHandler());
        await using var otherScope = other;
        await other.GetConnectionAsync(siloEndPoint);
        await Eventually.TrueAsync(() => silo.Connections.Any(c => c.RemoteIdentity == other.LocalIdentity), "the silo saw the inbound connection");

        silo.MarkDead(otherEndPoint);

        await Eventually.TrueAsync(() => silo.Connections.Count == 0, "the inbound connection from the dead peer closed");
    }

    [Fact]
    public async Task A_probe_succeeds_against_a_live_peer()
    {
        var (server, endPoint) = TransportPeers.Listening(new RecordingHandler());
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler());

        Assert.True(await client.ProbeAsync(endPoint, TimeSpan.FromSeconds(5)));
        Assert.True(await client.ProbeAsync(endPoint, TimeSpan.FromSeconds(5), server.LocalIdentity.Generation));
        Assert.False(await client.ProbeAsync(endPoint, TimeSpan.FromSeconds(5), server.LocalIdentity.Generation + 1));
    }

    [Fact]
    public async Task A_probe_returns_false_fast_against_a_dead_peer()
    {
        await using var client = TransportPeers.Client(new RecordingHandler());
        var clock = Stopwatch.StartNew();

        Assert.False(await client.ProbeAsync(TransportPeers.FreeEndPoint(), TimeSpan.FromSeconds(10)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_probe_returns_false_when_the_peer_accepts_but_never_answers()
    {
        using var mute = new Socket(SocketType.Stream, ProtocolType.Tcp);
        mute.Bind(TransportPeers.AnyPort);
        mute.Listen();
        await using var client = TransportPeers.Client(new RecordingHandler());

        Assert.False(await client.ProbeAsync((System.Net.IPEndPoint)mute.LocalEndPoint!, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_receiver_that_stops_reading_makes_SendAsync_wait_with_unsent_bytes_bounded()
    {
        var options = TransportPeers.FastOptions();
        options.PauseWriterThreshold = 256 * 1024;
        options.ResumeWriterThreshold = 128 * 1024;
        options.SocketSendBufferSize = 8192;
        options.SocketReceiveBufferSize = 8192;
        using var stall = new ManualResetEventSlim(false);
        var received = new RecordingHandler { Gate = stall };
        var (server, endPoint) = TransportPeers.Listening(received, options);
        await using var _ = server;
        await using var client = TransportPeers.Client(new RecordingHandler(), options);
        var connection = await client.GetConnectionAsync(endPoint);
        var frame = new byte[16 * 1024];

        var sent = 0;
        ValueTask<FrameReceipt> pending;
        while ((pending = connection.SendBytesAsync(frame)).IsCompleted)
        {
            sent++;
            Assert.True(sent < 10_000, $"the sender was never paused; unsent {connection.UnsentBytes}");
        }

        await Task.Delay(200);
        Assert.False(pending.IsCompleted);
        Assert.True(connection.IsPaused, $"sent {sent}, unsent {connection.UnsentBytes}");
        Assert.InRange(connection.UnsentBytes, options.ResumeWriterThreshold, options.PauseWriterThreshold + frame.Length + 64);

        stall.Set();
        await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => received.Count == sent + 1, "every frame arrived after the receiver resumed");
    }
}
