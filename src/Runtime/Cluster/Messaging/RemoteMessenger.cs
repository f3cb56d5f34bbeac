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
/// Grain calls between silos. Outgoing requests are written straight into the transport's frames and remembered by
/// correlation id until their response comes back; incoming requests become local messages whose outcome goes back on
/// the connection they came in on. When a connection is lost, its calls fail at once, except those whose frame was
/// never sent, which are re-sent if placement now names another silo: the only retry that cannot run a call twice.
/// </summary>
internal sealed class RemoteMessenger : IFrameHandler, IRemoteMessenger, IDisposable
{
    private readonly ConcurrentDictionary<long, InFlight> _inFlight = new();
    private readonly MessageCenter _messages;
    private readonly IPlacementDirector _placement;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SerializationContext _context;
    private readonly ITimer _sweep;

    public RemoteMessenger(MessageCenter messages, IPlacementDirector placement, IGrainCallInvoker invoker, TimeProvider time, ILogger logger)
    {
        _messages = messages;
        _placement = placement;
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

    private async Task SendAsync(SiloAddress silo, Message message)
    {
        var entry = message.Response is null ? null : new InFlight(silo, message);
        if (entry is not null)
        {
            _inFlight[message.Id] = entry;
        }

        try
        {
            var connections = Connections ?? throw new TransportNotDeliveredException(NotDeliveredReason.Unreachable, null, "the silo is not connected to the cluster yet");
            var remaining = message.DeadlineTimestamp == long.MaxValue ? (TimeSpan?)null : _time.GetElapsedTime(_time.GetTimestamp(), message.DeadlineTimestamp);
            var receipt = await connections.SendAsync(
                EndPointOf(silo), silo.Generation, (message, remaining),
                static (buffer, state) => WireMessage.WriteRequest(new WireWriter(buffer), state.message, state.remaining));
            if (entry is not null)
            {
                entry.Receipt = receipt;
                if (!receipt.Connection.IsOpen)
                {
                    OnLost(entry, reason: null);
                }
            }
        }
        catch (TransportNotDeliveredException notDelivered)
        {
            Untrack(message);
            RetryOrFail(silo, message, notDelivered);
        }
        catch (Exception exception)
        {
            Untrack(message);
            message.Response?.Fail(exception); // e.g. an argument without a codec: the caller learns why
        }
    }

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
                var sink = messageKind == WireMessageKind.Request ? new RemoteResponseSink(connection, id, _logger) : null;
                Message message;
                try
                {
                    message = WireMessage.ReadRequest(reader, sink, _time);
                }
                catch (Exception exception)
                {
                    ClusterLog.BadFrame(_logger, exception, connection.RemoteIdentity?.ToString() ?? "unknown peer");
                    sink?.Fail(exception);
                    return;
                }

                _messages.Receive(message);
                break;
            case WireMessageKind.Response when _inFlight.TryRemove(id, out var entry):
                try
                {
                    entry.Message.Body.CompleteFromWire(reader, entry.Message.Response!);
                }
                catch (Exception exception)
                {
                    entry.Message.Response!.Fail(exception);
                }

                break;
            case WireMessageKind.ExceptionResponse when _inFlight.TryRemove(id, out var failed):
                failed.Message.Response!.Fail(ReadException(reader));
                break;
            default:
                break; // a response for a call that already timed out or was failed when its connection dropped
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
    }

    private void OnLost(InFlight entry, Exception? reason)
    {
        if (!_inFlight.TryRemove(new KeyValuePair<long, InFlight>(entry.Message.Id, entry)))
        {
            return;
        }

        if (entry.Receipt is { MayHaveBeenDelivered: false })
        {
            RetryOrFail(entry.Silo, entry.Message, new TransportNotDeliveredException(NotDeliveredReason.ConnectionClosed, null, "the connection closed before the frame was sent"));
            return;
        }

        entry.Message.Response?.Fail(new SiloUnavailableException(
            $"The connection to {entry.Silo} was lost while {entry.Message.Body} to {entry.Message.Target} was in flight; it may or may not have run. ({reason?.Message ?? "closed"})"));
    }

    /// <summary>The frame never left this process, so sending it again cannot run the call twice.</summary>
    private void RetryOrFail(SiloAddress silo, Message message, TransportNotDeliveredException notDelivered)
    {
        SiloAddress? now = null;
        try
        {
            now = _placement.Locate(message.Target);
        }
        catch (SiloUnavailableException)
        {
        }

        if (now is not null && now != silo && message.ForwardCount < 3)
        {
            message.ForwardCount++;
            _messages.Send(message);
            return;
        }

        message.Response?.Fail(new SiloUnavailableException($"{silo} cannot be reached ({notDelivered.Reason}): {notDelivered.Message}"));
    }

    private void Untrack(Message message) => _inFlight.TryRemove(message.Id, out _);

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
            if (entry.Message.DeadlineTimestamp != long.MaxValue && entry.Message.DeadlineTimestamp < now)
            {
                _inFlight.TryRemove(id, out _);
            }
        }
    }

    public void Dispose() => _sweep.Dispose();

    private sealed class InFlight(SiloAddress silo, Message message)
    {
        public SiloAddress Silo { get; } = silo;

        public Message Message { get; } = message;

        public FrameReceipt? Receipt { get; set; }
    }

    private sealed class Binder(IGrainCallInvoker invoker) : IGrainReferenceBinder
    {
        public object Bind(GrainId id, string interfaceName) => GrainTypeRegistry.GetProxyFactory(interfaceName)(invoker, id);
    }
}
