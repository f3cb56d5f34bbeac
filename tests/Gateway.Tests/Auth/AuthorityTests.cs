using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Tests.Auth;

/// <summary>
/// Production checks tokens from an OpenID Connect issuer. Here the issuer is a real HTTP server on loopback that
/// serves a discovery document and its keys, and the gateway has no signing key and no dev tokens.
/// </summary>
public sealed class AuthorityTests(GatewayApplication app) : IClassFixture<GatewayApplication>, IAsyncLifetime
{
    private const string KeyId = "issuer-key-1";
    private readonly RSA _issuerKey = RSA.Create(2048);
    private WebApplication _issuer = null!;
    private WebApplicationFactory<Program> _gateway = null!;
    private string _authority = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _issuer = builder.Build();
        _issuer.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer = _authority, jwks_uri = $"{_authority}/jwks" }));
        _issuer.MapGet("/jwks", () =>
        {
            var key = _issuerKey.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) },
                },
            });
        });
        await _issuer.StartAsync();
        _authority = _issuer.Urls.Single().TrimEnd('/');
        _gateway = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Netra:Auth:Authority", _authority);
            builder.UseSetting("Netra:Auth:RequireHttpsMetadata", "false");
            builder.UseSetting("Netra:Auth:SigningKey", "");
            builder.UseSetting("Netra:Auth:DevTokens", "false");
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _issuer.DisposeAsync();
        _issuerKey.Dispose();
    }

    [Fact]
    public async Task Token_from_the_configured_authority_is_accepted_and_its_sub_is_the_user()
    {
        var client = _gateway.CreateClient(IssuerToken("oidc-user-1"));

        var created = await client.PostAsJsonAsync("/api/threads", new { title = "from the issuer" });
        var list = await client.GetFromJsonAsync<JsonElement>("/api/threads");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("from the issuer", Assert.Single(list.EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Token_from_the_authority_for_another_audience_gets_401()
    {
        var response = await _gateway.CreateClient(IssuerToken("oidc-user-2", audience: "another-api")).GetAsync("/api/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_signed_with_a_key_the_authority_does_not_publish_gets_401()
    {
        using var otherKey = RSA.Create(2048);

        var response = await _gateway.CreateClient(IssuerToken("oidc-user-3", key: otherKey)).GetAsync("/api/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dev_tokens_and_the_test_signing_key_are_not_accepted_without_a_signing_key()
    {
        var response = await _gateway.CreateClient(TestTokens.Create("alice")).GetAsync("/api/threads");
        var devToken = await _gateway.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = "alice" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }

    private string IssuerToken(string userId, string audience = "netra", RSA? key = null) => TestTokens.Create(
        userId,
        key: new RsaSecurityKey(key ?? _issuerKey) { KeyId = KeyId },
        audience: audience,
        issuer: _authority,
        algorithm: SecurityAlgorithms.RsaSha256);
}
