using System.Security.Claims;

namespace Netra.Gateway.Auth;

/// <summary>Reads the Netra identity out of an authenticated user.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The user id: the token's <c>sub</c>. Every endpoint behind the default authorization policy has one, because the
    /// policy requires it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The user has no <c>sub</c>, e.g. on an anonymous endpoint.</exception>
    public static string GetUserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(NetraClaims.Subject)?.Value is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException("The user has no 'sub' claim; is the endpoint behind RequireAuthorization()?");
    }
}
