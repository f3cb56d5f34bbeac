using Netra.Grains.Threads;

namespace Netra.Gateway.Threads;

/// <summary>A message as the API shows it.</summary>
/// <param name="Id">The message id, <c>msg_</c> and 32 hex digits.</param>
/// <param name="Role">user, assistant or system.</param>
/// <param name="Content">The text.</param>
/// <param name="RunId">The run it belongs to, if any.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record MessageView(string Id, string Role, string Content, string? RunId, DateTimeOffset CreatedAt)
{
    internal static MessageView From(ThreadMessage message) =>
        new(message.Id, message.Role, message.Content, message.RunId, message.CreatedAt);
}
