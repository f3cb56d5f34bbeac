using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Tests.Auth;

public sealed class TokenValidationTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Request_without_a_token_gets_401_problem_details_with_code_unauthorized()
    {
        var response = await app.CreateClient().GetAsync("/api/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("unauthorized", problem.GetProperty("code").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlation_id").GetString()));
    }

    [Fact]
    public async Task Token_signed_with_another_key_gets_401()
    {
        var forged = TestTokens.Create("alice", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));

        await AssertUnauthorizedAsync(forged);
    }

    [Fact]
    public async Task Token_expired_beyond_the_30_second_clock_skew_gets_401()
    {
        var expired = TestTokens.Create("alice", expires: DateTimeOffset.UtcNow.AddSeconds(-45));

        await AssertUnauthorizedAsync(expired);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_still_accepted()
    {
        var justExpired = TestTokens.Create("alice", expires: DateTimeOffset.UtcNow.AddSeconds(-10));

        var response = await app.CreateClient(justExpired).GetAsync("/api/threads");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.")]
    [InlineData("a.b.c")]
    public async Task Garbage_token_gets_401(string garbage)
    {
        await AssertUnauthorizedAsync(garbage);
    }

    [Fact]
    public async Task Unsigned_token_gets_401()
    {
        var payload = Base64UrlEncoder.Encode($"{{\"sub\":\"alice\",\"role\":\"admin\",\"iss\":\"netra\",\"aud\":\"netra\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}");

        await AssertUnauthorizedAsync($"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{payload}.");
    }

    [Fact]
    public async Task Token_for_another_audience_or_issuer_gets_401()
    {
        await AssertUnauthorizedAsync(TestTokens.Create("alice", audience: "someone-else"));
        await AssertUnauthorizedAsync(TestTokens.Create("alice", issuer: "someone-else"));
    }

    [Fact]
    public async Task Token_without_a_known_role_gets_403_problem_details_with_code_forbidden()
    {
        foreach (var token in new[] { TestTokens.Create("alice", role: null), TestTokens.Create("alice", role: "superuser") })
        {
            var response = await app.CreateClient(token).GetAsync("/api/threads");

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("forbidden", await response.ReadProblemCodeAsync());
        }
    }

    [Fact]
    public async Task Token_with_each_role_is_accepted()
    {
        foreach (var role in new[] { "user", "developer", "admin" })
        {
            var response = await app.CreateClient(TestTokens.Create("alice", role)).GetAsync("/api/threads");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_endpoints_need_no_token()
    {
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private async Task AssertUnauthorizedAsync(string token)
    {
        var response = await app.CreateClient(token).GetAsync("/api/threads");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await response.ReadProblemCodeAsync());
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.DoesNotContain(token, challenge.ToString());
    }
}
