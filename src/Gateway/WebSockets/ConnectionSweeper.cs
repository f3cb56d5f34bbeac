using Microsoft.Extensions.Options;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// The one timer of all the gateway's connections. At each tick, min(<see cref="NetraWebSocketOptions.HeartbeatInterval"/>,
/// <see cref="NetraWebSocketOptions.IdleTimeout"/>/4, <see cref="NetraWebSocketOptions.SlowClientTimeout"/>/2), it
/// closes the stalled and the idle connections and queues the heartbeats that are due (<see cref="ClientConnection.Sweep"/>),
/// and when the gateway stops it closes every connection. A connection thus holds no timer, loop or registration of
/// its own while it is idle.
/// </summary>
internal sealed class ConnectionSweeper : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<ClientConnection> _connections = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _tick;
    private readonly CancellationTokenRegistration _onStopping;
    private ITimer? _timer;
    private ClientConnection[] _snapshot = [];
    private int _sweeping;
    private bool _stopping;

    public ConnectionSweeper(IOptions<NetraWebSocketOptions> options, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var o = options.Value;
        _time = time;
        _tick = TimeSpan.FromTicks(Math.Max(1, Math.Min(o.HeartbeatInterval.Ticks, Math.Min(o.IdleTimeout.Ticks / 4, o.SlowClientTimeout.Ticks / 2))));
        _onStopping = lifetime.ApplicationStopping.Register(static s => ((ConnectionSweeper)s!).CloseAll(), this);
    }

    /// <summary>How often the connections are checked.</summary>
    public TimeSpan Tick => _tick;

    /// <summary>How many connections are open.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public void Add(ClientConnection connection)
    {
        bool stopping;
        lock (_gate)
        {
            stopping = _stopping;
            if (_connections.Add(connection))
            {
                WebSocketTelemetry.Opened();
            }

            _timer ??= _time.CreateTimer(static s => ((ConnectionSweeper)s!).Sweep(), this, _tick, _tick);
        }

        if (stopping)
        {
            connection.CloseForShutdown();
        }
    }

    public void Remove(ClientConnection connection)
    {
        lock (_gate)
        {
            if (_connections.Remove(connection))
            {
                WebSocketTelemetry.Closed();
            }
        }
    }

    /// <summary>Checks every connection once; a tick that comes while the last sweep still runs is skipped.</summary>
    public void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var connections = Snapshot();
            var now = _time.GetTimestamp();
            var slack = _tick / 2;
            foreach (var connection in connections)
            {
                connection.Sweep(now, slack);
            }

            Array.Clear(connections);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose()
    {
        _onStopping.Dispose();
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void CloseAll()
    {
        ClientConnection[] connections;
        lock (_gate)
        {
            _stopping = true;
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            connection.CloseForShutdown();
        }
    }

    /// <summary>The connections now, in an array reused from sweep to sweep (only one sweep runs at a time).</summary>
    private ClientConnection[] Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot.Length != _connections.Count)
            {
                _snapshot = new ClientConnection[_connections.Count];
            }

            _connections.CopyTo(_snapshot);
            return _snapshot;
        }
    }
}
