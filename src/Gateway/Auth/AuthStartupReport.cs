namespace Netra.Gateway.Auth;

/// <summary>Says at start how tokens are checked, and warns when dev tokens are signed with a key made for this run.</summary>
internal sealed class AuthStartupReport(AuthSettings settings, ILogger<AuthStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.SigningKeyGenerated)
        {
            AuthLog.GeneratedSigningKey(logger);
        }

        var key = settings.SigningKey is null ? "none" : settings.SigningKeyGenerated ? "generated" : "configured";
        AuthLog.Configured(logger, key, settings.Authority?.ToString() ?? "none", settings.DevTokens);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
