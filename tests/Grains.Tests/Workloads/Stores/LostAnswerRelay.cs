using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>
/// A TCP relay on loopback in front of ClickHouse that passes every byte both ways, except that it loses the answer to
/// the first request whose URL holds an <c>INSERT</c>: ClickHouse receives and performs the insert, and the client's
/// connection is closed instead of getting the response. That is the network failure after which a store must find
/// out whether its insert was stored, rather than store it twice or not at all.
/// </summary>
internal sealed class LostAnswerRelay : IAsyncDisposable
{
    private static readonly byte[] s_insert = Encoding.ASCII.GetBytes("query=INSERT%20INTO");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _lost;

    public LostAnswerRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's address, to give the store instead of ClickHouse's.</summary>
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many answers the relay lost (at most one).</summary>
    public int Lost => Volatile.Read(ref _lost);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(RelayAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
        var armed = new Flag();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var up = CopyAsync(client.GetStream(), server.GetStream(), armed, watch: true, done.Token);
        var down = CopyAsync(server.GetStream(), client.GetStream(), armed, watch: false, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        client.Close();
        server.Close();
        await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Copies <paramref name="from"/> to <paramref name="to"/>. Upstream (<paramref name="watch"/>), arms the connection
    /// when the first insert's request passes; downstream, an armed connection's answer is dropped and the copy ends.
    /// </summary>
    private async Task CopyAsync(NetworkStream from, NetworkStream to, Flag armed, bool watch, CancellationToken cancellationToken)
    {
        // The search keeps the last bytes of the previous read in front of the next, so a request line split between
        // two reads is still seen.
        var keep = s_insert.Length - 1;
        var buffer = new byte[keep + (64 * 1024)];
        var kept = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer.AsMemory(keep), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (watch && Volatile.Read(ref _lost) == 0)
                {
                    var seen = buffer.AsSpan(keep - kept, kept + read);
                    armed.Set |= seen.IndexOf(s_insert) >= 0;
                    kept = Math.Min(keep, seen.Length);
                    seen[^kept..].CopyTo(buffer.AsSpan(keep - kept));
                }

                if (!watch && armed.Set && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
                {
                    return; // the insert was performed; its answer never reaches the client
                }

                await to.WriteAsync(buffer.AsMemory(keep, read), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // the other side closed
        }
    }

    /// <summary>Whether a connection's next answer is the one to lose; set upstream, read downstream.</summary>
    private sealed class Flag
    {
        private volatile bool _set;

        public bool Set
        {
            get => _set;
            set => _set = value;
        }
    }
}
