namespace Netra.Gateway.WebSockets;

/// <summary>The WebSocket endpoint's log messages, event ids 2300–2399. They name users by id and never carry a token.</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(2300, LogLevel.Information, "User {UserId} connected (after_seq {AfterSeq}).")]
    public static partial void Connected(ILogger logger, string userId, long? afterSeq);

    [LoggerMessage(2301, LogLevel.Information, "User {UserId} disconnected.")]
    public static partial void Disconnected(ILogger logger, string userId);

    [LoggerMessage(2302, LogLevel.Warning, "Closing a connection of user {UserId}: its send queue of {Capacity} frames has been full, with nothing sent, for {Timeout}.")]
    public static partial void SlowClient(ILogger logger, string userId, int capacity, TimeSpan timeout);

    [LoggerMessage(2303, LogLevel.Warning, "Closing a connection of user {UserId} after {Count} invalid frames in a minute.")]
    public static partial void TooManyBadFrames(ILogger logger, string userId, int count);

    [LoggerMessage(2304, LogLevel.Information, "Closing an idle connection of user {UserId}: nothing received for {IdleTimeout}.")]
    public static partial void IdleClosed(ILogger logger, string userId, TimeSpan idleTimeout);

    [LoggerMessage(2305, LogLevel.Error, "Replaying events to a connection of user {UserId} failed.")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(2306, LogLevel.Error, "The action {Action} of user {UserId} failed.")]
    public static partial void ActionFailed(ILogger logger, Exception exception, string action, string userId);
}
