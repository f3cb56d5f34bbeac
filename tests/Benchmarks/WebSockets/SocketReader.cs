using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;

namespace Netra.Benchmarks.WebSockets;

/// <summary>Whether readers keep latency samples now: on only during a measured window.</summary>
internal sealed class Recording
{
    public volatile bool On;
}

/// <summary>
/// One client connection, read the way a client would: every frame, whole. For each event it checks that
/// <c>metadata.seq</c> is the one after the last (a span search, no JSON parse), counts it, reports it to the user's
/// <see cref="UserFlow"/>, and while <see cref="Recording"/> is on keeps its latency from <c>data.sent_at</c> (a
/// <see cref="Stopwatch"/> timestamp of this process) to now. Frames without <c>seq</c> (heartbeats) are counted
/// apart. The same reader reads Netra and the raw baseline.
/// </summary>
internal sealed class SocketReader
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly UserFlow? _flow;
    private readonly int _index;
    private readonly Recording? _recording;
    private long _lastSeq;
    private long _events;
    private long _controlFrames;
    private Task _reading = Task.CompletedTask;

    private SocketReader(ClientWebSocket socket, UserFlow? flow, int index, Recording? recording)
    {
        _socket = socket;
        _flow = flow;
        _index = index;
        _recording = recording;
    }

    /// <summary>The last event's sequence number; the <c>last_seq</c> of <c>connection_established</c> before any.</summary>
    public long LastSeq => Volatile.Read(ref _lastSeq);

    /// <summary>Events read since the connection opened.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Frames without a <c>seq</c> read after <c>connection_established</c> (heartbeats).</summary>
    public long ControlFrames => Volatile.Read(ref _controlFrames);

    /// <summary>Whether the socket is still open and its read loop still running.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open && !_reading.IsCompleted;

    /// <summary>The first thing that went wrong on this connection, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Latencies of events read while recording, in <see cref="Stopwatch"/> ticks.</summary>
    public List<long> Latencies { get; } = [];

    /// <summary>
    /// Connects to <paramref name="uri"/>, reads <c>connection_established</c> (its <c>last_seq</c> is where this
    /// connection's events start), and goes on reading in the background.
    /// </summary>
    public static async Task<SocketReader> ConnectAsync(Uri uri, HttpMessageInvoker invoker, UserFlow? flow, int index, Recording? recording)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // a browser sends no pings of its own
        try
        {
            await socket.ConnectAsync(uri, invoker, CancellationToken.None);
            var reader = new SocketReader(socket, flow, index, recording);
            await reader.ReadEstablishedAsync();
            reader._reading = reader.ReadAsync();
            return reader;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Aborts the connection (the server sees it reset) and waits for the read loop to end.</summary>
    public async Task AbortAsync()
    {
        _socket.Abort();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }

    private async Task ReadEstablishedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = await ReadMessageAsync(timeout.Token);
        var frame = _buffer.AsSpan(0, Math.Max(0, length));
        if (length < 0 || frame.IndexOf("\"type\":\"connection_established\""u8) < 0 || !TryReadNumber(frame, "\"last_seq\":"u8, out var lastSeq))
        {
            throw new InvalidOperationException(
                $"Expected connection_established first, got {(length < 0 ? "a close" : System.Text.Encoding.UTF8.GetString(frame))}.");
        }

        _lastSeq = lastSeq;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReadMessageAsync(CancellationToken.None);
                if (length < 0)
                {
                    return;
                }

                OnFrame(_buffer.AsSpan(0, length));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted by AbortAsync, or the server went away; the counts say whether anything was missing.
        }
    }

    /// <summary>Reads one whole message into the buffer and returns its length, or -1 for a close.</summary>
    private async ValueTask<int> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }

            if (length == _buffer.Length)
            {
                throw new InvalidOperationException($"A frame larger than {_buffer.Length} bytes arrived.");
            }
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        var at = frame.LastIndexOf("\"seq\":"u8); // metadata comes last, after the data
        if (at < 0)
        {
            Interlocked.Increment(ref _controlFrames);
            return;
        }

        if (!Utf8Parser.TryParse(frame[(at + 6)..], out long seq, out _))
        {
            Fail($"unreadable seq in {System.Text.Encoding.UTF8.GetString(frame)}");
            return;
        }

        if (seq != _lastSeq + 1)
        {
            Fail($"seq {seq} after {_lastSeq}");
        }

        Volatile.Write(ref _lastSeq, seq);
        Interlocked.Increment(ref _events);
        if (_recording is { On: true } && TryReadNumber(frame, "\"sent_at\":"u8, out var sentAt))
        {
            Latencies.Add(Stopwatch.GetTimestamp() - sentAt);
        }

        _flow?.Read(_index, seq);
    }

    private void Fail(string what) => Error ??= what;

    private static bool TryReadNumber(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> name, out long value)
    {
        value = 0;
        var at = frame.IndexOf(name);
        return at >= 0 && Utf8Parser.TryParse(frame[(at + name.Length)..], out value, out _);
    }
}
