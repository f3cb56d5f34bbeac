namespace Netra.Gateway.Threads;

/// <summary>The thread does not exist, is deleted, or is not the user's: to the user, these are the same.</summary>
public sealed class ThreadNotFoundException(string threadId)
    : Exception($"Thread '{threadId}' was not found.")
{
    /// <summary>The id that was asked for.</summary>
    public string ThreadId { get; } = threadId;
}
