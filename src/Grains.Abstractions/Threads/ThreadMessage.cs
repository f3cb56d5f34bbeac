namespace Netra.Grains.Threads;

/// <summary>One message of a thread.</summary>
/// <param name="Id">The message id, <c>msg_</c> and 32 hex digits.</param>
/// <param name="Role">One of <see cref="MessageRoles"/>.</param>
/// <param name="Content">The text.</param>
/// <param name="RunId">The run it belongs to, if any.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record ThreadMessage(string Id, string Role, string Content, string? RunId, DateTimeOffset CreatedAt);
