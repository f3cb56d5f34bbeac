using Microsoft.Extensions.Logging;

namespace Netra.Grains.Threads;

/// <summary>The thread grains' log messages, source-generated. Event ids 2250–2299.</summary>
internal static partial class ThreadsLog
{
    [LoggerMessage(2250, LogLevel.Debug, "Thread {ThreadId} created for user {UserId}")]
    public static partial void ThreadCreated(ILogger logger, string threadId, string userId);

    [LoggerMessage(2251, LogLevel.Debug, "Thread {ThreadId} of user {UserId} deleted")]
    public static partial void ThreadDeleted(ILogger logger, string threadId, string userId);
}
