namespace Netra.Grains.Threads;

/// <summary>The roles a message may have.</summary>
public static class MessageRoles
{
    /// <summary>Written by the user.</summary>
    public const string User = "user";

    /// <summary>Written by an agent.</summary>
    public const string Assistant = "assistant";

    /// <summary>Written by Netra itself.</summary>
    public const string System = "system";

    /// <summary>Whether <paramref name="role"/> is one of the roles.</summary>
    public static bool IsValid(string? role) => role is User or Assistant or System;
}
