using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Netra.Gateway.WebSockets;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// The baseline: a raw Kestrel WebSocket server, the least a push server does. <c>/ws?user=…</c> accepts any client
/// (no authentication), sends a <c>connection_established</c> frame, then sends what <see cref="Emit"/> queues for the
/// user, one loop per connection, each frame the pre-serialized bytes of a Netra event frame with its <c>seq</c> and
/// <c>sent_at</c> patched in; it reads and discards what the client sends. No grain, stream, hub, JSON writer or
/// limit is involved.
/// </summary>
internal sealed class RawSocketServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RawUser> _users = new(StringComparer.Ordinal);
    private readonly FrameTemplate _template = FrameTemplate.Create();
    private readonly byte[] _established = Frames.Control("connection_established", w =>
    {
        w.WriteString("user_id", "raw");
        w.WriteNumber("last_seq", 0);
    }, TimeProvider.System);

    private readonly WebApplication _app;

    private RawSocketServer(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) }); // as the gateway's
        _app.Map("/ws", AcceptAsync);
    }

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>The size of an event frame, in bytes.</summary>
    public int FrameBytes => _template.Bytes.Length;

    /// <summary>Starts the server on <paramref name="url"/> (port 0: a free port).</summary>
    public static async Task<RawSocketServer> StartAsync(string url = "http://127.0.0.1:0")
    {
        var server = new RawSocketServer(url);
        await server._app.StartAsync();
        return server;
    }

    /// <summary>Queues <paramref name="count"/> events for every connection of <paramref name="userId"/>.</summary>
    public void Emit(string userId, int count, long sentAt)
    {
        if (_users.TryGetValue(userId, out var user))
        {
            foreach (var connection in user.Connections)
            {
                connection.Enqueue(count, sentAt);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var user = _users.GetOrAdd(context.Request.Query["user"].ToString(), static _ => new RawUser());
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new RawConnection(socket, _template);
        user.Add(connection);
        var sending = Task.CompletedTask;
        try
        {
            await socket.SendAsync(_established, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            sending = connection.SendLoopAsync();
            await DiscardAsync(socket);
        }
        catch (WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            user.Remove(connection);
            connection.Complete();
            await sending;
        }
    }

    /// <summary>Reads until the client closes, holding no buffer while it waits.</summary>
    private static async Task DiscardAsync(WebSocket socket)
    {
        byte[]? buffer = null;
        while (true)
        {
            var received = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            while (received.MessageType != WebSocketMessageType.Close && !received.EndOfMessage)
            {
                buffer ??= new byte[4096];
                received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    /// <summary>The connections of one user.</summary>
    private sealed class RawUser
    {
        private readonly Lock _gate = new();

        public RawConnection[] Connections { get; private set; } = [];

        public void Add(RawConnection connection)
        {
            lock (_gate)
            {
                Connections = [.. Connections, connection];
            }
        }

        public void Remove(RawConnection connection)
        {
            lock (_gate)
            {
                Connections = [.. Connections.Where(c => c != connection)];
            }
        }
    }

    /// <summary>One connection: the send times of the events queued for it, and the loop that sends them.</summary>
    private sealed class RawConnection(WebSocket socket, FrameTemplate template)
    {
        private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
        private long _seq;

        public void Enqueue(int count, long sentAt)
        {
            for (var i = 0; i < count; i++)
            {
                _queue.Writer.TryWrite(sentAt);
            }
        }

        public void Complete() => _queue.Writer.TryComplete();

        public async Task SendLoopAsync()
        {
            byte[]? frame = null; // made at the first event, so an idle connection holds none
            try
            {
                while (await _queue.Reader.WaitToReadAsync())
                {
                    while (_queue.Reader.TryRead(out var sentAt))
                    {
                        frame ??= template.Bytes.ToArray();
                        template.Patch(frame, ++_seq, sentAt);
                        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}

/// <summary>
/// A Netra event frame, written by the gateway's own <see cref="Frames.Event(Netra.Runtime.Streams.StreamItem{Netra.Grains.Events.UserEvent})"/> with the benchmark's event, whose
/// <c>seq</c> and <c>sent_at</c> are slots of fixed width: a number is written left-aligned and the rest of the slot
/// filled with spaces, which JSON allows between tokens.
/// </summary>
internal sealed class FrameTemplate
{
    private const long SeqSlot = 900_000_000_000;
    private const long SentAtSlot = 9_000_000_000_000_000_000;

    private FrameTemplate(byte[] bytes, int seqAt, int seqWidth, int sentAtAt, int sentAtWidth)
    {
        Bytes = bytes;
        SeqAt = seqAt;
        SeqWidth = seqWidth;
        SentAtAt = sentAtAt;
        SentAtWidth = sentAtWidth;
    }

    public byte[] Bytes { get; }

    private int SeqAt { get; }

    private int SeqWidth { get; }

    private int SentAtAt { get; }

    private int SentAtWidth { get; }

    public static FrameTemplate Create()
    {
        var now = DateTimeOffset.UtcNow;
        var data = JsonSerializer.SerializeToElement(new EventData(SentAtSlot, EventProducerGrain.Text), EventDataContext.Default.EventData);
        var item = new StreamItem<UserEvent>(SeqSlot, new UserEvent(UserEventTypes.AgentLog, data, "th_bench", "run_bench", "bench", now), now);
        var bytes = Frames.Event(item);
        var seq = System.Text.Encoding.ASCII.GetBytes($"\"seq\":{SeqSlot}");
        var sentAt = System.Text.Encoding.ASCII.GetBytes($"\"sent_at\":{SentAtSlot}");
        var seqAt = bytes.AsSpan().IndexOf(seq);
        var sentAtAt = bytes.AsSpan().IndexOf(sentAt);
        if (seqAt < 0 || sentAtAt < 0)
        {
            throw new InvalidOperationException("The event frame has no seq or sent_at slot.");
        }

        return new FrameTemplate(bytes, seqAt + 6, seq.Length - 6, sentAtAt + 10, sentAt.Length - 10);
    }

    public void Patch(byte[] frame, long seq, long sentAt)
    {
        Write(frame.AsSpan(SeqAt, SeqWidth), seq);
        Write(frame.AsSpan(SentAtAt, SentAtWidth), sentAt);
    }

    private static void Write(Span<byte> slot, long value)
    {
        if (!Utf8Formatter.TryFormat(value, slot, out var written))
        {
            throw new InvalidOperationException($"{value} does not fit a slot of {slot.Length} digits.");
        }

        slot[written..].Fill((byte)' ');
    }
}
