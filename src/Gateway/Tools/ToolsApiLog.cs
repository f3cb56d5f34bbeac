namespace Netra.Gateway.Tools;

/// <summary>The tools API's log messages, source-generated. Event ids 2450–2499.</summary>
internal static partial class ToolsApiLog
{
    [LoggerMessage(2450, LogLevel.Debug, "Tool {Tool} ran for user {UserId} in {DurationMs} ms")]
    public static partial void ToolRan(ILogger logger, string tool, string userId, double durationMs);

    [LoggerMessage(2451, LogLevel.Debug, "Tool {Tool} refused the parameters of user {UserId}: {Reason}")]
    public static partial void ParametersRefused(ILogger logger, string tool, string userId, string reason);
}
