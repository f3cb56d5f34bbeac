using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Transport;

/// <summary>
/// One TCP connection speaking the frame protocol (<see cref="FrameCodec"/>). Senders on any thread serialize a frame
/// into a pooled buffer, then copy it into an outbound <see cref="Pipe"/> under a short lock; a send loop drains the pipe
/// into the socket, so every frame written while the socket was busy goes out in the next batch. A receive loop parses
/// frames straight out of a <see cref="PipeReader"/> over the socket and hands Data frames to the
/// <see cref="IFrameHandler"/>.
/// </summary>
public sealed partial class TransportConnection : IAsyncDisposable
{
    private const int Open = 0;
    private const int Closing = 1;
    private const int Closed = 2;

    private readonly Socket _socket;
    private readonly PeerIdentity _localIdentity;
    private readonly TransportOptions _options;
    private readonly IFrameHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Pipe _outbound;
    private readonly PipeReader _input;
    private readonly Lock _writeLock = new();
    private readonly TaskCompletionSource<PeerIdentity> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _pings = new();
    private TaskCompletionSource? _resume;
    private Task _sendLoop = Task.CompletedTask;
    private long _committed;
    private long _attempted;
    private long _sent;
    private long _nextPing;
    private int _state;
    private bool _paused;
    private bool _aborted;
    private Exception? _abortReason;

    internal TransportConnection(
        Socket socket, bool isOutbound, PeerIdentity localIdentity, TransportOptions options, IFrameHandler handler,
        ILogger logger, TimeProvider timeProvider)
    {
        _socket = socket;
        _localIdentity = localIdentity;
        _options = options;
        _handler = handler;
        _logger = logger;
        _timeProvider = timeProvider;
        IsOutbound = isOutbound;
        RemoteEndPoint = socket.RemoteEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
        socket.NoDelay = true;
        if (options.SocketSendBufferSize is { } sendSize)
        {
            socket.SendBufferSize = sendSize;
        }

        if (options.SocketReceiveBufferSize is { } receiveSize)
        {
            socket.ReceiveBufferSize = receiveSize;
        }

        // The pipe itself never pauses (threshold 0): FlushAsync only wakes the send loop and always completes at once,
        // so it can run under the write lock. Backpressure is counted here instead (UnsentBytes), see SendAsync.
        _outbound = new Pipe(new PipeOptions(
            pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 16 * 1024, useSynchronizationContext: false));
        _input = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true));
    }

    /// <summary>True when this side dialled the connection.</summary>
    public bool IsOutbound { get; }

    /// <summary>The peer's socket address (for an inbound connection, its ephemeral port).</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>This side's socket address.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>The peer's identity from its Hello frame; null until the handshake completed.</summary>
    public PeerIdentity? RemoteIdentity => _handshake.Task.IsCompletedSuccessfully ? _handshake.Task.Result : null;

    /// <summary>Completes with the peer's identity when its Hello arrives; fails if the connection closes first.</summary>
    public Task<PeerIdentity> Handshake => _handshake.Task;

    /// <summary>Completes after <see cref="IFrameHandler.OnClosed"/> ran.</summary>
    public Task Completion => _completion.Task;

    /// <summary>True while frames can be sent.</summary>
    public bool IsOpen => Volatile.Read(ref _state) == Open;

    /// <summary>Bytes accepted by <c>Send</c> that the socket has not taken yet.</summary>
    public long UnsentBytes => Volatile.Read(ref _committed) - Volatile.Read(ref _sent);

    /// <summary>
    /// True from when <see cref="UnsentBytes"/> went above the pause threshold until it drains to the resume threshold:
    /// meanwhile SendAsync waits and TrySend refuses, so unsent bytes stay below the pause threshold plus one frame per
    /// concurrent sender.
    /// </summary>
    public bool IsPaused => Volatile.Read(ref _paused) || UnsentBytes > _options.PauseWriterThreshold;

    /// <summary>
    /// Writes a Data frame whose payload <paramref name="writePayload"/> serializes, without waiting. Never blocks:
    /// returns <see cref="SendStatus.Paused"/> under backpressure and <see cref="SendStatus.Closed"/> once closing;
    /// in both cases nothing was written. Thread-safe. Pass state and a static lambda to send without allocating.
    /// </summary>
    public SendStatus TrySend<TState>(
        TState state, Action<IBufferWriter<byte>, TState> writePayload, out FrameReceipt receipt)
    {
        receipt = default;
        if (Volatile.Read(ref _state) != Open)
        {
            return SendStatus.Closed;
        }

        if (IsPaused)
        {
            Volatile.Write(ref _paused, true);
            return SendStatus.Paused;
        }

        var builder = FrameBuilder.Rent();
        try
        {
            writePayload(builder, state);
            if (builder.PayloadLength > _options.MaxFrameSize)
            {
                throw new TransportNotDeliveredException(
                    NotDeliveredReason.FrameTooLarge, RemoteEndPoint,
                    $"Frame of {builder.PayloadLength} bytes exceeds the maximum of {_options.MaxFrameSize} bytes");
            }

            if (!Commit(builder.Complete(FrameKind.Data), out var position))
            {
                return SendStatus.Closed;
            }

            receipt = new FrameReceipt(this, position);
            return SendStatus.Sent;
        }
        finally
        {
            FrameBuilder.Return(builder);
        }
    }

    /// <summary>
    /// Writes a Data frame, waiting while more than the pause threshold is unsent. Completes once the frame is in the
    /// send buffer (not when the peer has it). Throws <see cref="TransportNotDeliveredException"/> when the connection
    /// is closing or closed: the frame was not written, so a retry is safe.
    /// </summary>
    public ValueTask<FrameReceipt> SendAsync<TState>(
        TState state, Action<IBufferWriter<byte>, TState> writePayload, CancellationToken cancellationToken = default)
    {
        var status = TrySend(state, writePayload, out var receipt);
        return status switch
        {
            SendStatus.Sent => new ValueTask<FrameReceipt>(receipt),
            SendStatus.Closed => ValueTask.FromException<FrameReceipt>(NotSent()),
            _ => SendWhenResumedAsync(state, writePayload, cancellationToken),
        };
    }

    /// <summary>Writes a Data frame with a copy of <paramref name="payload"/>; see the other overload.</summary>
    public ValueTask<FrameReceipt> SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendAsync(payload, static (writer, bytes) => writer.Write(bytes.Span), cancellationToken);

    /// <summary>
    /// Sends a Ping and waits for the matching Pong. False on timeout or when the connection closes; never throws
    /// except on cancellation.
    /// </summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextPing);
        var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[id] = pong;
        try
        {
            if (!WriteControl(FrameKind.Ping, id))
            {
                return false;
            }

            return await pong.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _pings.TryRemove(id, out _);
        }
    }

    /// <summary>Whether any byte at or after <paramref name="position"/> was handed to the socket.</summary>
    internal bool MayHaveDelivered(long position) => position < Volatile.Read(ref _attempted);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsOutbound ? "to" : "from")} {RemoteEndPoint} ({RemoteIdentity?.ToString() ?? "no hello yet"})";

    private async ValueTask<FrameReceipt> SendWhenResumedAsync<TState>(
        TState state, Action<IBufferWriter<byte>, TState> writePayload, CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitForResumeAsync(cancellationToken).ConfigureAwait(false);
            switch (TrySend(state, writePayload, out var receipt))
            {
                case SendStatus.Sent:
                    return receipt;
                case SendStatus.Closed:
                    throw NotSent();
            }
        }
    }

    private Task WaitForResumeAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource resume;
        lock (_writeLock)
        {
            resume = _resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Publish the waiter, then look at the counters again: the send loop updates the counters, then looks for a
        // waiter, so one of the two sides always sees the other (no lost wake-up).
        Interlocked.MemoryBarrier();
        if (UnsentBytes <= _options.ResumeWriterThreshold || Volatile.Read(ref _state) != Open)
        {
            Volatile.Write(ref _paused, false);
            return Task.CompletedTask;
        }

        return resume.Task.WaitAsync(cancellationToken);
    }

    private void ReleaseWaiters()
    {
        TaskCompletionSource? resume;
        lock (_writeLock)
        {
            resume = _resume;
            _resume = null;
        }

        resume?.TrySetResult();
    }

    private bool Commit(ReadOnlySpan<byte> frame, out long position)
    {
        lock (_writeLock)
        {
            position = _committed;
            if (_state != Open)
            {
                return false;
            }

            _outbound.Writer.Write(frame);
            Volatile.Write(ref _committed, _committed + frame.Length);
            Flush();
            return true;
        }
    }

    private void Flush()
    {
        // Never pauses (threshold 0), so this completes synchronously: it only makes the bytes visible to the send loop
        // and wakes it if it sleeps. Frames committed while the loop is busy are coalesced into its next batch.
        var flush = _outbound.Writer.FlushAsync();
        if (flush.IsCompleted)
        {
            flush.GetAwaiter().GetResult();
        }
        else
        {
            _ = flush.AsTask();
        }
    }

    private TransportNotDeliveredException NotSent() =>
        new(NotDeliveredReason.ConnectionClosed, RemoteEndPoint, $"Connection {this} is closed; the frame was not sent");
}
