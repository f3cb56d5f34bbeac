namespace Netra.Gateway.Auth;

/// <summary>The configuration section <c>Netra:Auth</c>: how the gateway checks bearer tokens, and whether it issues dev tokens.</summary>
public sealed class NetraAuthOptions
{
    /// <summary>The configuration section's path.</summary>
    public const string SectionName = "Netra:Auth";

    /// <summary>
    /// Whether <c>POST /api/auth/dev-token</c> issues tokens to anyone who asks. Unset, it is on in the embedded default
    /// and off in cluster mode. A real deployment must never turn it on.
    /// </summary>
    public bool? DevTokens { get; set; }

    /// <summary>
    /// The HMAC-SHA256 key that signs dev tokens and checks tokens: at least 32 bytes of UTF-8, or <c>base64:</c>
    /// followed by at least 32 bytes in base64. With dev tokens on and no key, the embedded default makes a random one.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer (<c>iss</c>) of tokens signed with <see cref="SigningKey"/>.</summary>
    public string Issuer { get; set; } = "netra";

    /// <summary>The audience (<c>aud</c>) every token must carry.</summary>
    public string Audience { get; set; } = "netra";

    /// <summary>
    /// An OpenID Connect issuer. When set, tokens signed with the keys of its discovery document and issued by it are
    /// accepted too, as long as they carry <see cref="Audience"/>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Whether the <see cref="Authority"/>'s discovery document must be fetched over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long a dev token is valid.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
