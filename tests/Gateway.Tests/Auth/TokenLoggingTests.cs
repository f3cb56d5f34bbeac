using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Netra.Gateway.Tests.Auth;

public sealed class TokenLoggingTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Tokens_never_appear_in_the_logs_even_at_trace_level()
    {
        var recorder = new LogRecorder();
        await using var gateway = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
            logging.AddProvider(recorder).AddFilter<LogRecorder>(null, LogLevel.Trace)));
        var rejected = new[]
        {
            TestTokens.Create("alice", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32))),
            TestTokens.Create("alice", expires: DateTimeOffset.UtcNow.AddMinutes(-5)),
            TestTokens.Create("alice", audience: "elsewhere"),
            "garbage-token-" + Guid.NewGuid().ToString("N"),
        };
        var issued = await gateway.IssueTokenAsync("alice");

        foreach (var token in rejected)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.CreateClient(token).GetAsync("/api/threads")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient(issued).GetAsync("/api/threads")).StatusCode);
        var lines = recorder.Lines.ToList();
        Assert.Equal(rejected.Length, lines.Count(line => line.Contains("[2102]")));
        Assert.Contains(lines, line => line.Contains("SecurityTokenExpiredException"));
        foreach (var token in rejected.Append(issued))
        {
            var signature = token.Split('.').Last();
            Assert.DoesNotContain(lines, line => line.Contains(token) || (signature.Length > 0 && line.Contains(signature)));
        }
    }
}
