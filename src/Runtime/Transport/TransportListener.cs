using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Transport;

/// <summary>
/// Accepts TCP connections on an endpoint and hands each socket to a callback. Port 0 picks a free port;
/// <see cref="EndPoint"/> tells which.
/// </summary>
public sealed class TransportListener : IDisposable
{
    private readonly Socket _socket;
    private readonly Action<Socket> _onAccepted;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    /// <summary>Binds to <paramref name="endPoint"/>; call <see cref="Start"/> to accept.</summary>
    public TransportListener(IPEndPoint endPoint, Action<Socket> onAccepted, ILogger logger)
    {
        _onAccepted = onAccepted;
        _logger = logger;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted silo must be able to take its port back while old sockets sit in TIME_WAIT.
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(endPoint);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound endpoint, with the real port when 0 was asked for.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Starts the accept loop.</summary>
    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    /// <summary>Stops accepting; connections already accepted are not touched. Safe to call more than once (a killed silo's connections are aborted, then its host may still stop them).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // The client gave up before we accepted it; keep accepting.
                continue;
            }
            catch (Exception ex)
            {
                TransportLog.AcceptFailed(_logger, ex, EndPoint.ToString());
                return;
            }

            TransportLog.Accepted(_logger, accepted.RemoteEndPoint?.ToString());
            _onAccepted(accepted);
        }
    }
}
