using Netra.Runtime.Invocation;
using Netra.Runtime.Serialization;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Messaging;

/// <summary>Incoming requests, and cancellation in both directions.</summary>
internal sealed partial class RemoteMessenger
{
    private void OnRequest(TransportConnection connection, long id, bool expectsResponse, WireReader reader)
    {
        IResponseSink? sink = expectsResponse ? new RemoteResponseSink(connection, id, _logger) : null;
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

        if (sink is not null && message.Body.HasCancellationToken)
        {
            // The caller's token lives in the caller's process; this one stands for it here, cancelled by a Cancel frame.
            var cancellation = new CancellationTokenSource();
            var key = (connection, id);
            _cancellable[key] = cancellation;
            message.Body.CancellationToken = cancellation.Token;
            message = message.WithResponse(new CancellableSink(sink, this, key, cancellation));
        }

        _router.Receive(message);
    }

    /// <summary>Tells the silo running <paramref name="entry"/>'s call that its caller cancelled it.</summary>
    private void SendCancel(InFlight entry)
    {
        if (entry.Receipt?.Connection is not { IsOpen: true } connection || !_inFlight.ContainsKey(entry.Message.Id))
        {
            return;
        }

        try
        {
            _ = connection.TrySend(entry.Message.Id, static (buffer, id) =>
            {
                var writer = new WireWriter(buffer);
                writer.WriteByte((byte)WireMessageKind.Cancel);
                writer.WriteInt64(id);
            }, out _);
        }
        catch (Exception exception)
        {
            ClusterLog.CancelNotSent(_logger, exception, entry.Message.Id);
        }
    }

    private static void CancelQuietly(CancellationTokenSource cancellation)
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the call finished meanwhile
        }
        catch (AggregateException)
        {
            // a callback of the grain's threw; the grain's own call reports its outcome
        }
    }

    /// <summary>Forgets a call's stand-in token once its outcome has been sent.</summary>
    private sealed class CancellableSink(
        IResponseSink inner, RemoteMessenger owner, (TransportConnection, long) key, CancellationTokenSource cancellation) : IResponseSink
    {
        public void Complete<TResult>(TResult result)
        {
            Forget();
            inner.Complete(result);
        }

        public void Fail(Exception exception)
        {
            Forget();
            inner.Fail(exception);
        }

        private void Forget()
        {
            if (owner._cancellable.TryRemove(new KeyValuePair<(TransportConnection, long), CancellationTokenSource>(key, cancellation)))
            {
                cancellation.Dispose();
            }
        }
    }
}
