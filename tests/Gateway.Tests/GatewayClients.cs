using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Netra.Gateway.Tests;

/// <summary>Domain helpers over a hosted gateway: users with tokens, the way a client gets them.</summary>
public static class GatewayClients
{
    /// <summary>A fresh user id, so tests that share a gateway never see each other's data.</summary>
    public static string NewUserId() => $"user-{Guid.NewGuid():N}";

    /// <summary>Asks <c>POST /api/auth/dev-token</c> for a token.</summary>
    public static async Task<string> IssueTokenAsync(this WebApplicationFactory<Program> app, string userId, string role = "user")
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/dev-token", new { user_id = userId, role });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client that sends a dev token of a new user (or <paramref name="userId"/>) on every request.</summary>
    public static async Task<HttpClient> CreateUserAsync(this WebApplicationFactory<Program> app, string? userId = null, string role = "user") =>
        app.CreateClient(await app.IssueTokenAsync(userId ?? NewUserId(), role));

    /// <summary>A client that sends <paramref name="token"/> as its bearer token.</summary>
    public static HttpClient CreateClient(this WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The problem details body of <paramref name="response"/>, checked to be one.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The stable <c>code</c> of a problem details response.</summary>
    public static async Task<string?> ReadProblemCodeAsync(this HttpResponseMessage response) =>
        (await response.ReadProblemAsync()).GetProperty("code").GetString();
}
