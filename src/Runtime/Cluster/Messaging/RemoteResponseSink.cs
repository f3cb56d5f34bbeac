using Microsoft.Extensions.Logging;
using Netra.Runtime.Serialization;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Messaging;

/// <summary>Sends a request's outcome back to the calling silo, on the connection the request came in on.</summary>
internal sealed class RemoteResponseSink(TransportConnection connection, long callerId, ILogger logger) : IResponseSink
{
    public void Complete<TResult>(TResult result) => Send(
        (callerId, result),
        static (buffer, state) =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteByte((byte)WireMessageKind.Response);
            writer.WriteInt64(state.callerId);
            WireCodec<TResult>.Write(writer, state.result);
        });

    public void Fail(Exception exception) => Send(
        (callerId, exception),
        static (buffer, state) =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteByte((byte)WireMessageKind.ExceptionResponse);
            writer.WriteInt64(state.callerId);
            ExceptionCodec.Write(writer, state.exception);
        });

    private void Send<TState>(TState state, Action<System.Buffers.IBufferWriter<byte>, TState> write)
    {
        try
        {
            if (connection.TrySend(state, write, out _) == SendStatus.Paused)
            {
                _ = SendWhenResumedAsync(state, write);
            }
        }
        catch (Exception exception)
        {
            // The caller's silo is gone or the result cannot be written; the caller's own timeout or connection loss
            // tells it. Logged, never thrown into the grain's turn.
            ClusterLog.ResponseNotSent(logger, exception, callerId);
        }
    }

    private async Task SendWhenResumedAsync<TState>(TState state, Action<System.Buffers.IBufferWriter<byte>, TState> write)
    {
        try
        {
            await connection.SendAsync(state, write);
        }
        catch (Exception exception)
        {
            ClusterLog.ResponseNotSent(logger, exception, callerId);
        }
    }
}
