namespace Netra.Gateway.Threads;

/// <summary>The threads API's log messages, source-generated. Event ids 2150–2199.</summary>
internal static partial class ThreadsLog
{
    [LoggerMessage(2150, LogLevel.Debug, "Thread {ThreadId} is in the index of user {UserId} but is not visible to them; left out of the list")]
    public static partial void StaleIndexEntry(ILogger logger, string threadId, string userId);
}
