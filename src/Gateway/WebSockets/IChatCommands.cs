namespace Netra.Gateway.WebSockets;

/// <summary>What the socket's actions do to threads and runs: the same operations as the HTTP API.</summary>
public interface IChatCommands
{
    /// <summary>Starts a run on <paramref name="threadId"/>, or on a new thread when it is null.</summary>
    Task<CommandOutcome> StartRunAsync(string userId, string? threadId, string message, CancellationToken cancellationToken);

    /// <summary>Cancels the user's run <paramref name="runId"/>.</summary>
    Task<CommandOutcome> StopRunAsync(string userId, string runId, CancellationToken cancellationToken);
}

/// <summary>The outcome of a command: done, or refused with a stable code and a message for the user.</summary>
public sealed record CommandOutcome(string? ErrorCode, string? ErrorMessage)
{
    /// <summary>The command was carried out.</summary>
    public static readonly CommandOutcome Done = new(null, null);

    /// <summary>Whether the command was carried out.</summary>
    public bool Succeeded => ErrorCode is null;

    /// <summary>A refusal.</summary>
    public static CommandOutcome Refused(string code, string message) => new(code, message);
}
