using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Netra.Gateway.Cluster;

namespace Netra.Gateway.Auth;

/// <summary>
/// <see cref="NetraAuthOptions"/> checked and resolved at start: the signing key decoded (or made), the dev-token
/// default applied. A configuration under which no token could be valid, or under which gateways of one cluster
/// would disagree, stops the start with a message that says what to set.
/// </summary>
internal sealed record AuthSettings(
    bool DevTokens,
    SymmetricSecurityKey? SigningKey,
    bool SigningKeyGenerated,
    string Issuer,
    string Audience,
    Uri? Authority,
    bool RequireHttpsMetadata,
    TimeSpan DevTokenLifetime)
{
    /// <summary>The fewest key bytes: HMAC-SHA256 wants a 256-bit key.</summary>
    public const int MinKeyBytes = 32;

    private const string Base64Prefix = "base64:";
    private const string KeyKey = NetraAuthOptions.SectionName + ":SigningKey";
    private static readonly string s_keyHelp = $"Set {KeyKey} (Netra__Auth__SigningKey) to at least {MinKeyBytes} bytes of UTF-8, or to "
        + $"'{Base64Prefix}' followed by at least {MinKeyBytes} random bytes in base64 (e.g. from `openssl rand -base64 32`).";

    /// <exception cref="InvalidOperationException">The configuration cannot work; the message says why and what to set.</exception>
    public static AuthSettings From(IConfiguration configuration)
    {
        var options = configuration.GetSection(NetraAuthOptions.SectionName).Get<NetraAuthOptions>() ?? new NetraAuthOptions();
        var clustered = configuration.GetValue<bool>(GatewayClusterExtensions.ClusterEnabledKey);
        var devTokens = options.DevTokens ?? !clustered;
        var authority = ParseAuthority(options.Authority);
        var key = ParseKey(options.SigningKey);
        var generated = false;

        if (key is null && devTokens)
        {
            if (clustered)
            {
                throw new InvalidOperationException(
                    $"{NetraAuthOptions.SectionName}:DevTokens is on in cluster mode but {KeyKey} is not set: every gateway of a "
                    + "cluster must sign and check dev tokens with the same key, so that each accepts the others' tokens. " + s_keyHelp);
            }

            key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinKeyBytes));
            generated = true;
        }

        if (key is null && authority is null)
        {
            throw new InvalidOperationException(
                $"{NetraAuthOptions.SectionName} has neither SigningKey nor Authority, and DevTokens is off, so no token could be "
                + $"valid. Set {NetraAuthOptions.SectionName}:Authority (Netra__Auth__Authority) to your OpenID Connect issuer, or: " + s_keyHelp);
        }

        RequireText(options.Issuer, "Issuer");
        RequireText(options.Audience, "Audience");
        if (options.DevTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{NetraAuthOptions.SectionName}:DevTokenLifetime must be positive, e.g. 12:00:00.");
        }

        return new AuthSettings(
            devTokens, key, generated, options.Issuer, options.Audience, authority, options.RequireHttpsMetadata, options.DevTokenLifetime);
    }

    /// <summary>The key's bytes, or null when none is configured. The key itself never appears in a message.</summary>
    internal static SymmetricSecurityKey? ParseKey(string? configured)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return null;
        }

        byte[] bytes;
        if (configured.StartsWith(Base64Prefix, StringComparison.Ordinal))
        {
            try
            {
                bytes = Convert.FromBase64String(configured[Base64Prefix.Length..]);
            }
            catch (FormatException exception)
            {
                throw new InvalidOperationException($"{KeyKey} starts with '{Base64Prefix}' but the rest is not base64. " + s_keyHelp, exception);
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(configured);
        }

        return bytes.Length >= MinKeyBytes
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"{KeyKey} has {bytes.Length} bytes; that is too short to sign tokens safely. " + s_keyHelp);
    }

    private static Uri? ParseAuthority(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException(
                $"{NetraAuthOptions.SectionName}:Authority must be the absolute http(s) URL of an OpenID Connect issuer, such as https://login.example.com/.");
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{NetraAuthOptions.SectionName}:{name} must not be empty.");
        }
    }
}
