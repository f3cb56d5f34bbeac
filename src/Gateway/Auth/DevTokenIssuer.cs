using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Auth;

/// <summary>Issues dev tokens: HMAC-SHA256 JWTs signed with the configured (or generated) key.</summary>
internal sealed class DevTokenIssuer(AuthSettings settings, TimeProvider time, ILogger<DevTokenIssuer> logger)
{
    /// <summary>The longest user id.</summary>
    public const int MaxUserIdLength = 128;

    private static readonly SearchValues<char> s_userIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-");

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Whether <paramref name="userId"/> has 1 to 128 characters of <c>[A-Za-z0-9._@-]</c>.</summary>
    public static bool IsValidUserId([NotNullWhen(true)] string? userId) =>
        userId is { Length: > 0 and <= MaxUserIdLength } && !userId.AsSpan().ContainsAnyExcept(s_userIdChars);

    /// <summary>A token for <paramref name="userId"/> with <paramref name="role"/>, and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, string role)
    {
        var key = settings.SigningKey ?? throw new InvalidOperationException("Dev tokens need a signing key.");
        var now = time.GetUtcNow();
        var expires = now + settings.DevTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [NetraClaims.Subject] = userId,
                [NetraClaims.Role] = role,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        // A JWT carries whole seconds; report the expiry the token actually has.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        AuthLog.DevTokenIssued(logger, userId, role, expiresAt);
        return (token, expiresAt);
    }
}
