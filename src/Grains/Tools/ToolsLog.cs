using Microsoft.Extensions.Logging;

namespace Netra.Grains.Tools;

/// <summary>The analysis tools' log messages, source-generated. Event ids 9100–9199.</summary>
internal static partial class ToolsLog
{
    [LoggerMessage(9100, LogLevel.Debug, "Tool {Tool} ran for user {UserId} in {DurationMs} ms (insufficient data: {InsufficientData})")]
    public static partial void ToolRan(ILogger logger, string tool, string userId, double durationMs, bool insufficientData);

    [LoggerMessage(9101, LogLevel.Debug, "Tool {Tool} refused the parameters of user {UserId}: {Reason}")]
    public static partial void InvalidParameters(ILogger logger, string tool, string userId, string reason);

    [LoggerMessage(9102, LogLevel.Warning, "ToolGrain {GrainKey}: tool {Tool} failed for user {UserId}")]
    public static partial void ToolFailed(ILogger logger, string grainKey, string tool, string userId, Exception exception);
}
