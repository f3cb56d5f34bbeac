namespace Netra.Gateway;

/// <summary>The gateway's log messages, source-generated. Event ids 2000–2099.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(2000, LogLevel.Warning, "The readiness probe grain call failed")]
    public static partial void SiloProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(2001, LogLevel.Warning, "The readiness probe of the stream log failed")]
    public static partial void StreamsProbeFailed(ILogger logger, Exception exception);
}
