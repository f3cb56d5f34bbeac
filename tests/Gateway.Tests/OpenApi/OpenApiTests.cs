using System.Net;
using System.Text.Json;

namespace Netra.Gateway.Tests.OpenApi;

public sealed class OpenApiTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task OpenApi_document_is_served_without_a_token_and_lists_the_routes()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths");
        Assert.Equal(
            ["delete", "get", "patch"],
            paths.GetProperty("/api/threads/{id}").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["get", "post"], paths.GetProperty("/api/threads").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(paths.GetProperty("/api/threads/{id}/messages").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/auth/dev-token").TryGetProperty("post", out _));
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value).ToList();
        Assert.All(operations, operation =>
        {
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        });
    }

    [Fact]
    public async Task OpenApi_document_declares_the_bearer_scheme_on_protected_operations_only()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        var listThreads = paths.GetProperty("/api/threads").GetProperty("get");
        Assert.True(listThreads.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.False(paths.GetProperty("/api/auth/dev-token").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task OpenApi_document_names_json_properties_in_snake_case()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var thread = document.GetProperty("components").GetProperty("schemas").GetProperty("ThreadView").GetProperty("properties");
        Assert.Equal(["active_run_id", "created_at", "id", "message_count", "queued_runs", "title", "updated_at"], thread.EnumerateObject().Select(p => p.Name).Order());
    }
}
