using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Tests.Auth;

/// <summary>Tokens crafted by the tests, signed with the gateway's test key unless told otherwise.</summary>
internal static class TestTokens
{
    public static SecurityKey GatewayKey { get; } = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(GatewayApplication.SigningKey));

    /// <summary>A JWT; a null <paramref name="role"/> leaves the claim out.</summary>
    public static string Create(
        string userId,
        string? role = "user",
        DateTimeOffset? expires = null,
        SecurityKey? key = null,
        string audience = "netra",
        string issuer = "netra",
        string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var exp = expires ?? DateTimeOffset.UtcNow.AddHours(1);
        var claims = new Dictionary<string, object> { ["sub"] = userId, ["jti"] = Guid.NewGuid().ToString("N") };
        if (role is not null)
        {
            claims["role"] = role;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-2).UtcDateTime,
            NotBefore = exp.AddHours(-2).UtcDateTime,
            Expires = exp.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? GatewayKey, algorithm),
        });
    }
}
