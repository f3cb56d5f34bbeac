namespace Netra.Gateway.Auth;

/// <summary>Authentication's log messages, source-generated. Event ids 2100–2149. Tokens and keys are never logged.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(2100, LogLevel.Warning,
        "Dev tokens are on and Netra:Auth:SigningKey is not set, so a random signing key was made: tokens will not survive a restart. Set the key to keep them")]
    public static partial void GeneratedSigningKey(ILogger logger);

    [LoggerMessage(2101, LogLevel.Information, "Bearer tokens are checked: signing key {SigningKey}, authority {Authority}, dev tokens {DevTokens}")]
    public static partial void Configured(ILogger logger, string signingKey, string authority, bool devTokens);

    [LoggerMessage(2102, LogLevel.Debug, "Bearer token rejected on {Method} {Path}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(2103, LogLevel.Information, "Dev token issued to user {UserId} with role {Role}, expiring at {ExpiresAt}")]
    public static partial void DevTokenIssued(ILogger logger, string userId, string role, DateTimeOffset expiresAt);
}
