using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Netra.Gateway.Tests.Auth;

public sealed class DevTokenTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Dev_token_is_issued_and_lets_its_user_call_the_api()
    {
        var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/auth/dev-token", new { user_id = "alice", role = "user" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("access_token").GetString()!;
        var threads = await app.CreateClient(token).GetAsync("/api/threads");
        Assert.Equal(HttpStatusCode.OK, threads.StatusCode);
    }

    [Fact]
    public async Task Dev_token_carries_sub_role_iss_aud_exp_iat_and_jti()
    {
        var token = new JsonWebToken(await app.IssueTokenAsync("bob.smith@example-1", "developer"));

        Assert.Equal("bob.smith@example-1", token.Subject);
        Assert.Equal("developer", token.GetClaim("role").Value);
        Assert.Equal("netra", token.Issuer);
        Assert.Equal(["netra"], token.Audiences);
        Assert.NotEqual(default, token.ValidTo);
        Assert.NotEqual(default, token.IssuedAt);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal("HS256", token.Alg);
    }

    [Fact]
    public async Task Dev_token_expires_after_twelve_hours_and_says_when_in_iso_8601()
    {
        var before = DateTimeOffset.UtcNow;

        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = "carol" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = body.GetProperty("expires_at").GetString()!;
        var expiresAt = DateTimeOffset.ParseExact(text, "yyyy-MM-ddTHH:mm:ssK", null);
        Assert.InRange(expiresAt, before.AddHours(12).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(12).AddSeconds(1));
        var token = new JsonWebToken(body.GetProperty("access_token").GetString()!);
        Assert.Equal(expiresAt.UtcDateTime, token.ValidTo);
    }

    [Fact]
    public async Task Dev_token_role_defaults_to_user()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = "dave" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = new JsonWebToken(body.GetProperty("access_token").GetString()!);
        Assert.Equal("user", token.GetClaim("role").Value);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task Dev_token_refuses_an_unknown_role_with_invalid_role(string role)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = "erin", role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_role", await response.ReadProblemCodeAsync());
    }

    [Theory]
    [InlineData("{\"user_id\":\"\"}")]
    [InlineData("{\"user_id\":\"al ice\"}")]
    [InlineData("{\"user_id\":\"al/ice\"}")]
    [InlineData("{\"user_id\":\"åsa\"}")]
    [InlineData("{\"role\":\"user\"}")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task Dev_token_refuses_a_bad_user_id_with_invalid_user_id(string json)
    {
        var response = await app.CreateClient().PostAsync("/api/auth/dev-token", new StringContent(json, null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_user_id", await response.ReadProblemCodeAsync());
    }

    [Fact]
    public async Task Dev_token_accepts_a_user_id_of_128_characters_and_refuses_129()
    {
        var client = app.CreateClient();

        var longest = await client.PostAsJsonAsync("/api/auth/dev-token", new { user_id = new string('a', 128) });
        var tooLong = await client.PostAsJsonAsync("/api/auth/dev-token", new { user_id = new string('a', 129) });

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Equal("invalid_user_id", await tooLong.ReadProblemCodeAsync());
    }

    [Fact]
    public async Task Dev_token_refuses_malformed_json_with_invalid_json()
    {
        var response = await app.CreateClient().PostAsync(
            "/api/auth/dev-token", new StringContent("{\"user_id\": ", null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", await response.ReadProblemCodeAsync());
    }

    [Fact]
    public async Task Dev_token_endpoint_is_404_when_dev_tokens_are_off()
    {
        await using var production = app.WithWebHostBuilder(b => b.UseSetting("Netra:Auth:DevTokens", "false"));

        var response = await production.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = "mallory" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await response.ReadProblemCodeAsync());
        var withKey = await production.CreateClient(TestTokens.Create("frank")).GetAsync("/api/threads");
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }
}
