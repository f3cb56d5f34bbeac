using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Auth;

/// <summary>Bearer-token authentication and the gateway's authorization policies.</summary>
public static class AuthExtensions
{
    /// <summary>How far a token's times may be off from this machine's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds JWT bearer authentication configured from <see cref="NetraAuthOptions.SectionName"/>, and the policies: the
    /// default one (an authenticated user with a <c>sub</c> and a role of <see cref="NetraRoles.All"/>),
    /// <see cref="NetraPolicies.Developer"/> and <see cref="NetraPolicies.Admin"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration cannot work; the message says what to set.</exception>
    public static WebApplicationBuilder AddNetraAuth(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DevTokenIssuer>();
        services.AddSingleton<BearerEvents>();
        services.AddHostedService<AuthStartupReport>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options => Configure(options, settings));
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(RequireRoles(NetraRoles.All))
            .AddPolicy(NetraPolicies.Developer, RequireRoles([NetraRoles.Developer, NetraRoles.Admin]))
            .AddPolicy(NetraPolicies.Admin, RequireRoles([NetraRoles.Admin]));
        return builder;
    }

    private static void Configure(JwtBearerOptions options, AuthSettings settings)
    {
        options.MapInboundClaims = false;
        options.EventsType = typeof(BearerEvents);
        if (settings.Authority is { } authority)
        {
            // The discovery document's issuer and keys are added to those below by the handler.
            options.Authority = authority.ToString();
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuers = settings.SigningKey is null ? null : [settings.Issuer],
            ValidAudiences = [settings.Audience],
            IssuerSigningKeys = settings.SigningKey is null ? null : [settings.SigningKey],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateIssuerSigningKey = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            NameClaimType = NetraClaims.Subject,
            RoleClaimType = NetraClaims.Role,
        };
    }

    private static AuthorizationPolicy RequireRoles(IEnumerable<string> roles) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(NetraClaims.Subject)
            .RequireRole(roles)
            .Build();
}
