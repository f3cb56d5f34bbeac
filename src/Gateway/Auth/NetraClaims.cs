namespace Netra.Gateway.Auth;

/// <summary>The names of the claims the gateway reads; ASP.NET Core does not remap them.</summary>
public static class NetraClaims
{
    /// <summary>The user id.</summary>
    public const string Subject = "sub";

    /// <summary>The role, one of <see cref="NetraRoles"/>.</summary>
    public const string Role = "role";
}
