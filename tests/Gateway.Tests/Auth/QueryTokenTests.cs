using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Netra.Gateway.Auth;

namespace Netra.Gateway.Tests.Auth;

/// <summary>
/// Browsers cannot set headers on a WebSocket, so <c>?access_token=</c> is read on <c>/ws</c>, and only there. The
/// gateway here gets test-only "who am I" paths that answer with the user the bearer handler authenticated, so the
/// tests do not depend on the WebSocket endpoint.
/// </summary>
public sealed class QueryTokenTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    private static readonly string[] s_whoAmIPaths = ["/ws", "/ws/other", "/api/ws", "/wss"];

    [Fact]
    public async Task Access_token_query_parameter_authenticates_on_the_websocket_path()
    {
        await using var gateway = WithWhoAmI();

        var response = await gateway.CreateClient().GetAsync($"/ws?access_token={TestTokens.Create("alice")}");

        Assert.Equal("alice", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorization_header_wins_over_the_query_parameter_on_the_websocket_path()
    {
        await using var gateway = WithWhoAmI();

        var response = await gateway.CreateClient(TestTokens.Create("bob")).GetAsync($"/ws?access_token={TestTokens.Create("alice")}");

        Assert.Equal("bob", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forged_query_token_on_the_websocket_path_authenticates_no_one()
    {
        await using var gateway = WithWhoAmI();
        var forged = TestTokens.Create("alice", key: new SymmetricSecurityKey(new byte[32]));

        var response = await gateway.CreateClient().GetAsync($"/ws?access_token={forged}");

        Assert.Equal("anonymous", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Access_token_query_parameter_is_ignored_on_the_api()
    {
        var token = await app.IssueTokenAsync(GatewayClients.NewUserId());

        var response = await app.CreateClient().GetAsync($"/api/threads?access_token={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await response.ReadProblemCodeAsync());
    }

    [Theory]
    [InlineData("/ws/other")]
    [InlineData("/api/ws")]
    [InlineData("/wss")]
    public async Task Access_token_query_parameter_is_ignored_on_paths_that_only_resemble_the_websocket_path(string path)
    {
        await using var gateway = WithWhoAmI();

        var response = await gateway.CreateClient().GetAsync($"{path}?access_token={TestTokens.Create("alice")}");

        Assert.Equal("anonymous", await response.Content.ReadAsStringAsync());
    }

    private WebApplicationFactory<Program> WithWhoAmI() =>
        app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, WhoAmI>()));

    /// <summary>Answers <see cref="s_whoAmIPaths"/> with the authenticated user id, or "anonymous".</summary>
    private sealed class WhoAmI : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!s_whoAmIPaths.Contains(context.Request.Path.Value))
                {
                    await nextMiddleware(context);
                    return;
                }

                var result = await context.AuthenticateAsync();
                await context.Response.WriteAsync(result.Succeeded ? result.Principal!.GetUserId() : "anonymous");
            });
            next(app);
        };
    }
}
