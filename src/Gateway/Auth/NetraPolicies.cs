namespace Netra.Gateway.Auth;

/// <summary>The names of the gateway's authorization policies, for <c>RequireAuthorization(name)</c>.</summary>
public static class NetraPolicies
{
    /// <summary>A developer or an admin.</summary>
    public const string Developer = "developer";

    /// <summary>An admin.</summary>
    public const string Admin = "admin";
}
