using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Netra.Gateway.Tests;

public sealed class HealthApiTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Health_answers_200_with_status_healthy()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_reports_the_silo_after_a_real_grain_call_that_writes_state_and_the_stream_log_after_a_read()
    {
        var client = app.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        var second = await client.GetFromJsonAsync<JsonElement>("/health/ready");

        var silo = second.GetProperty("dependencies").GetProperty("silo");
        Assert.Equal("healthy", silo.GetProperty("status").GetString());
        Assert.Contains("state write", silo.GetProperty("description").GetString());
        var streams = second.GetProperty("dependencies").GetProperty("streams");
        Assert.Equal("healthy", streams.GetProperty("status").GetString());
        Assert.Contains("stream log read", streams.GetProperty("description").GetString());
        Assert.Equal("healthy", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_path_gets_problem_details_with_a_stable_code_and_correlation_id()
    {
        var response = await app.CreateClient().GetAsync("/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlation_id").GetString()));
    }
}
