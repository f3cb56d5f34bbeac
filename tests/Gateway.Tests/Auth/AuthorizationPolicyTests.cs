using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Netra.Gateway.Auth;

namespace Netra.Gateway.Tests.Auth;

/// <summary>The gateway's own authorization service and policies, asked about users with each role.</summary>
public sealed class AuthorizationPolicyTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Theory]
    [InlineData("user", true, false, false)]
    [InlineData("developer", true, true, false)]
    [InlineData("admin", true, true, true)]
    [InlineData("guest", false, false, false)]
    public async Task Policies_admit_the_roles_they_name(string role, bool byDefault, bool asDeveloper, bool asAdmin)
    {
        var user = User(role);

        Assert.Equal(byDefault, await AllowsAsync(user, policy: null));
        Assert.Equal(asDeveloper, await AllowsAsync(user, NetraPolicies.Developer));
        Assert.Equal(asAdmin, await AllowsAsync(user, NetraPolicies.Admin));
    }

    [Fact]
    public async Task Default_policy_needs_a_user_id()
    {
        var withoutSub = new ClaimsPrincipal(new ClaimsIdentity([new Claim("role", "admin")], "Bearer", "sub", "role"));

        Assert.False(await AllowsAsync(withoutSub, policy: null));
    }

    [Fact]
    public void User_id_is_the_sub_claim()
    {
        Assert.Equal("alice", User("user").GetUserId());
        Assert.Throws<InvalidOperationException>(() => new ClaimsPrincipal(new ClaimsIdentity()).GetUserId());
    }

    private async Task<bool> AllowsAsync(ClaimsPrincipal user, string? policy)
    {
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var resolved = policy is null ? await provider.GetDefaultPolicyAsync() : (await provider.GetPolicyAsync(policy))!;
        return (await authorization.AuthorizeAsync(user, resource: null, resolved)).Succeeded;
    }

    private static ClaimsPrincipal User(string role) =>
        new(new ClaimsIdentity([new Claim("sub", "alice"), new Claim("role", role)], "Bearer", "sub", "role"));
}
