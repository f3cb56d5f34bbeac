using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Serialization;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Messaging;

/// <summary>
/// Grain calls between processes, for a silo or a cluster client. Outgoing requests are written straight into the
/// transport's frames and remembered by correlation id until their response comes back; incoming requests become
/// messages for the router, whose outcome goes back on the connection they came in on. When a connection is lost,
/// its calls fail at once, except those whose frame was never sent, which the router may send again: the only retry
/// that cannot run a call twice. A caller's cancellation travels as a Cancel frame to the call's token on the far side.
/// </summary>
internal sealed partial class RemoteMessenger : IFrameHandler, IRemoteMessenger, IDisposable
{
    private readonly ConcurrentDictionary<long, InFlight> _inFlight = new();
    private readonly ConcurrentDictionary<(TransportConnection Connection, long Id), CancellationTokenSource> _cancellable = new();
    private readonly ConcurrentDictionary<string, TransportConnection> _clients = new(StringComparer.Ordinal);
    private readonly IMessageRouter _router;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SerializationContext _context;
    private readonly ITimer _sweep;

    public RemoteMessenger(IMessageRouter router, IGrainCallInvoker invoker, TimeProvider time, ILogger logger)
    {
        _router = router;
        _time = time;
        _logger = logger;
        _context = new SerializationContext { GrainReferenceBinder = new Binder(invoker) };
        _sweep = time.CreateTimer(static s => ((RemoteMessenger)s!).SweepExpired(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The transport; set once the silo has joined and knows its identity.</summary>
    public ConnectionManager? Connections { get; set; }

    public int InFlightCount => _inFlight.Count;

    public static IPEndPoint EndPointOf(SiloAddress silo) => new(IPAddress.Parse(silo.Host), silo.Port);

    public void Send(SiloAddress silo, Message message) => _ = SendAsync(silo, message);

    public bool TrySendToClient(string client, Message message)
    {
        if (!_clients.TryGetValue(client, out var connection) || !connection.IsOpen)
        {
            // A client's connection is found once by its identity, then kept until it closes.
            connection = Connections?.Connections.FirstOrDefault(c => !c.IsOutbound && c.IsOpen && c.RemoteIdentity?.Name == client);
            if (connection is null)
            {
                _clients.TryRemove(client, out _);
                return false;
            }

            _clients[client] = connection;
        }

        _ = SendOnAsync(connection, message);
        return true;
    }

    private async Task SendAsync(SiloAddress silo, Message message)
    {
        var entry = Track(silo, message);
        try
        {
            var connections = Connections ?? throw new TransportNotDeliveredException(NotDeliveredReason.Unreachable, null, "not connected to the cluster yet");
            var receipt = await connections.SendAsync(EndPointOf(silo), silo.Generation, (message, Remaining(message)), WriteRequest);
            Sent(entry, receipt);
        }
        catch (TransportNotDeliveredException notDelivered)
        {
            Untrack(message);
            _router.OnNotDelivered(silo, message, notDelivered);
        }
        catch (Exception exception)
        {
            Untrack(message);
            message.Response?.Fail(exception); // e.g. an argument without a codec: the caller learns why
        }
    }

    private async Task SendOnAsync(TransportConnection connection, Message message)
    {
        var entry = Track(silo: null, message);
        try
        {
            Sent(entry, await connection.SendAsync((message, Remaining(message)), WriteRequest));
        }
        catch (Exception exception)
        {
            Untrack(message);
            message.Response?.Fail(exception is TransportNotDeliveredException
                ? new SiloUnavailableException($"The client {connection.RemoteIdentity} could not be reached: {exception.Message}")
                : exception);
        }
    }

    private InFlight? Track(SiloAddress? silo, Message message)
    {
        if (message.Response is null)
        {
            return null;
        }

        var entry = new InFlight(silo, message);
        _inFlight[message.Id] = entry;
        return entry;
    }

    private void Sent(InFlight? entry, FrameReceipt receipt)
    {
        if (entry is null)
        {
            return;
        }

        entry.Receipt = receipt;
        if (entry.Message.Body is { HasCancellationToken: true, CancellationToken: { CanBeCanceled: true } token })
        {
            entry.Cancellation = token.UnsafeRegister(static s => ((RemoteMessenger)((object[])s!)[0]).SendCancel((InFlight)((object[])s!)[1]), new object[] { this, entry });
        }

        if (!receipt.Connection.IsOpen)
        {
            OnLost(entry, reason: null);
        }
    }

    private TimeSpan? Remaining(Message message) =>
        message.DeadlineTimestamp == long.MaxValue ? null : _time.GetElapsedTime(_time.GetTimestamp(), message.DeadlineTimestamp);

    private static void WriteRequest(IBufferWriter<byte> buffer, (Message Message, TimeSpan? Remaining) state) =>
        WireMessage.WriteRequest(new WireWriter(buffer), state.Message, state.Remaining);

    public void OnFrame(TransportConnection connection, FrameKind kind, ReadOnlySequence<byte> payload)
    {
        WireMessageKind messageKind;
        long id;
        var reader = new WireReader(payload, _context);
        try
        {
            messageKind = (WireMessageKind)reader.ReadByte();
            id = reader.ReadInt64();
        }
        catch (Exception exception)
        {
            ClusterLog.BadFrame(_logger, exception, connection.RemoteIdentity?.ToString() ?? "unknown peer");
            return;
        }

        switch (messageKind)
        {
            case WireMessageKind.Request or WireMessageKind.OneWayRequest:
                OnRequest(connection, id, messageKind == WireMessageKind.Request, reader);
                break;
            case WireMessageKind.Response when TryComplete(id, out var entry):
                try
                {
                    entry.Message.Body.CompleteFromWire(reader, entry.Message.Response!);
                }
                catch (Exception exception)
                {
                    entry.Message.Response!.Fail(exception);
                }

                break;
            case WireMessageKind.ExceptionResponse when TryComplete(id, out var failed):
                failed.Message.Response!.Fail(ReadException(reader));
                break;
            case WireMessageKind.Cancel when _cancellable.TryGetValue((connection, id), out var cancellation):
                CancelQuietly(cancellation);
                break;
            default:
                break; // a response for a call that already timed out or failed, or a cancel for one that finished
        }
    }

    public void OnClosed(TransportConnection connection, Exception? reason)
    {
        foreach (var (_, entry) in _inFlight)
        {
            if (entry.Receipt is { } receipt && receipt.Connection == connection)
            {
                OnLost(entry, reason);
            }
        }

        foreach (var (client, open) in _clients)
        {
            if (open == connection)
            {
                _clients.TryRemove(new KeyValuePair<string, TransportConnection>(client, open));
            }
        }

        foreach (var (key, cancellation) in _cancellable)
        {
            if (key.Connection == connection)
            {
                CancelQuietly(cancellation); // the caller is gone: nobody can use the result
            }
        }
    }

    private bool TryComplete(long id, out InFlight entry)
    {
        if (!_inFlight.TryRemove(id, out entry!))
        {
            return false;
        }

        entry.Cancellation.Dispose();
        return true;
    }

    private void OnLost(InFlight entry, Exception? reason)
    {
        if (!_inFlight.TryRemove(new KeyValuePair<long, InFlight>(entry.Message.Id, entry)))
        {
            return;
        }

        entry.Cancellation.Dispose();
        if (entry.Receipt is { MayHaveBeenDelivered: false } && entry.Silo is { } silo)
        {
            _router.OnNotDelivered(silo, entry.Message, new TransportNotDeliveredException(NotDeliveredReason.ConnectionClosed, null, "the connection closed before the frame was sent"));
            return;
        }

        var peer = entry.Silo?.ToString() ?? entry.Receipt?.Connection.RemoteIdentity?.ToString() ?? "the peer";
        entry.Message.Response?.Fail(new SiloUnavailableException(
            $"The connection to {peer} was lost while {entry.Message.Body} to {entry.Message.Target} was in flight; it may or may not have run. ({reason?.Message ?? "closed"})"));
    }

    private void Untrack(Message message)
    {
        if (_inFlight.TryRemove(message.Id, out var entry))
        {
            entry.Cancellation.Dispose();
        }
    }

    private static Exception ReadException(WireReader reader)
    {
        try
        {
            return ExceptionCodec.Read(reader) ?? new RemoteGrainException("unknown", "the remote silo reported a failure without an exception", null);
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>Forgets calls whose caller has long stopped waiting, so a silo that never answers cannot leak entries.</summary>
    private void SweepExpired()
    {
        var now = _time.GetTimestamp();
        foreach (var (id, entry) in _inFlight)
        {
            if (entry.Message.DeadlineTimestamp != long.MaxValue && entry.Message.DeadlineTimestamp < now && _inFlight.TryRemove(id, out _))
            {
                entry.Cancellation.Dispose();
            }
        }
    }

    public void Dispose() => _sweep.Dispose();

    private sealed class InFlight(SiloAddress? silo, Message message)
    {
        /// <summary>The silo called; null for a call to a client's observer.</summary>
        public SiloAddress? Silo { get; } = silo;

        public Message Message { get; } = message;

        public FrameReceipt? Receipt { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    private sealed class Binder(IGrainCallInvoker invoker) : IGrainReferenceBinder
    {
        public object Bind(GrainId id, string interfaceName) => GrainTypeRegistry.GetProxyFactory(interfaceName)(invoker, id);
    }
}
