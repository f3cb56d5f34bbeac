using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Transport;

/// <summary>
/// Source-generated log messages of the TCP transport. Event ids 5000–5099. Endpoints and peer identities are logged;
/// payloads never are.
/// </summary>
internal static partial class TransportLog
{
    [LoggerMessage(5000, LogLevel.Information, "Transport listening on {EndPoint} as {Identity}")]
    public static partial void Listening(ILogger logger, string endPoint, string identity);

    [LoggerMessage(5001, LogLevel.Debug, "Accepted connection from {RemoteEndPoint}")]
    public static partial void Accepted(ILogger logger, string? remoteEndPoint);

    [LoggerMessage(5002, LogLevel.Debug, "Connected to {EndPoint}, peer {Identity}")]
    public static partial void Connected(ILogger logger, string endPoint, string identity);

    [LoggerMessage(5003, LogLevel.Warning, "Connecting to {EndPoint} failed ({Failures} in a row): {Reason}; sends fail fast for {Backoff}")]
    public static partial void ConnectFailed(ILogger logger, string endPoint, int failures, string reason, TimeSpan backoff);

    [LoggerMessage(5004, LogLevel.Debug, "Connection {Connection} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connection);

    [LoggerMessage(5005, LogLevel.Information, "Connection {Connection} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string connection, string reason);

    [LoggerMessage(5006, LogLevel.Warning, "Protocol error on connection {Connection}, closing it: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string connection, string reason);

    [LoggerMessage(5007, LogLevel.Error, "The frame handler threw on connection {Connection}; the frame is dropped")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string connection);

    [LoggerMessage(5008, LogLevel.Information, "Peer {EndPoint} marked dead (generation {Generation}, 0 = every generation)")]
    public static partial void MarkedDead(ILogger logger, string endPoint, long generation);

    [LoggerMessage(5009, LogLevel.Error, "The accept loop on {EndPoint} failed; no more inbound connections")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, string endPoint);

    [LoggerMessage(5010, LogLevel.Warning, "Peer at {EndPoint} is {Actual}, but generation {Expected} was expected")]
    public static partial void IncarnationMismatch(ILogger logger, string endPoint, string actual, long expected);
}
