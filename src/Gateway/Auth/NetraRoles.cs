namespace Netra.Gateway.Auth;

/// <summary>The values of a token's <c>role</c> claim.</summary>
public static class NetraRoles
{
    /// <summary>An ordinary user.</summary>
    public const string User = "user";

    /// <summary>A developer: a user who may also use developer tools.</summary>
    public const string Developer = "developer";

    /// <summary>An administrator.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, least privileged first.</summary>
    public static IReadOnlyList<string> All { get; } = [User, Developer, Admin];

    /// <summary>Whether <paramref name="role"/> is one of <see cref="All"/>.</summary>
    public static bool IsValid(string? role) => role is User or Developer or Admin;
}
