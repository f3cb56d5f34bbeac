namespace Netra.Gateway.WebSockets;

/// <summary>The WebSocket endpoint's limits, bound from <c>Netra:WebSocket</c>.</summary>
public sealed class NetraWebSocketOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Netra:WebSocket";

    /// <summary>How often the server sends <c>heartbeat</c>. The default is 30 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection the server has heard nothing from for this long is closed. The default is 60 seconds.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest client frame accepted, in bytes. The default is 64 KiB.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How many frames may wait to be sent to one connection, so its memory stays bounded. A client that lets the
    /// queue fill reads the rest from the user's stream at its own pace; live delivery never waits for it. The
    /// default is 1,024.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1_024;

    /// <summary>A connection whose queue is full and that has taken no frame for this long is closed as too slow. The default is 10 seconds.</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Actions each user may send per second, across their connections to this gateway. The default is 10.</summary>
    public double ActionsPerSecond { get; set; } = 10;

    /// <summary>How many actions a user may send in a burst. The default is 30.</summary>
    public int ActionBurst { get; set; } = 30;

    /// <summary>A connection that sends this many bad frames within a minute is closed. The default is 100.</summary>
    public int MaxBadFramesPerMinute { get; set; } = 100;

    /// <summary>How long a user's stream subscription outlives their last connection here, to spare reconnects a resubscribe.</summary>
    public TimeSpan HubLinger { get; set; } = TimeSpan.FromSeconds(30);
}
