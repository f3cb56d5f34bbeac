namespace Netra.Runtime.Transport;

/// <summary>Settings of the TCP transport. The defaults suit a cluster on one network.</summary>
public sealed class TransportOptions
{
    /// <summary>The largest payload a frame may carry; a larger one is a protocol error that closes the connection.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long connecting and the Hello exchange may take. Connection refused fails at once regardless.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Unsent bytes above which <see cref="TransportConnection.SendAsync{TState}"/> waits (backpressure).</summary>
    public long PauseWriterThreshold { get; set; } = 1024 * 1024;

    /// <summary>Unsent bytes at or below which waiting senders resume.</summary>
    public long ResumeWriterThreshold { get; set; } = 512 * 1024;

    /// <summary>How long sends to a peer fail fast after the first failed connect; doubles per failure, with jitter.</summary>
    public TimeSpan InitialReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest fail-fast window between connect attempts.</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a graceful close waits for the peer to answer Goodbye before aborting.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The socket send buffer size, or null for the operating system's default.</summary>
    public int? SocketSendBufferSize { get; set; }

    /// <summary>The socket receive buffer size, or null for the operating system's default.</summary>
    public int? SocketReceiveBufferSize { get; set; }
}
