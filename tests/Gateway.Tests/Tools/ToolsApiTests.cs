using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Netra.Gateway.Tests.Workloads.WorkloadEvents;

namespace Netra.Gateway.Tests.Tools;

public sealed class ToolsApiTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Tools_are_listed_with_their_parameter_schemas()
    {
        var client = await app.CreateUserAsync();

        var tools = (await client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);

        string[] required = ["workload_profiler", "cost_analyzer", "cost_driver_identifier", "latency_analyzer", "model_mix_analyzer", "error_rate_analyzer", "token_waste_analyzer", "kv_cache_finder"];
        Assert.All(required, name => Assert.Contains(name, tools.Keys));
        var latency = tools["latency_analyzer"];
        Assert.Equal("latency", latency.GetProperty("category").GetString());
        var properties = latency.GetProperty("parameters").GetProperty("properties");
        Assert.Equal("number", properties.GetProperty("slo_ms").GetProperty("type").GetString());
        Assert.Equal("date-time", properties.GetProperty("from").GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_tool_runs_on_the_users_dataset_and_answers_from_its_numbers()
    {
        var client = await app.CreateUserAsync();
        await PostAsync(client, Line("costs", 0), Line("costs", 1), Line("costs", 2, model: "gpt-4o"));

        var response = await client.PostAsJsonAsync("/api/tools/cost_analyzer", new { dataset = "costs" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cost_analyzer", result.GetProperty("tool").GetString());
        Assert.False(result.GetProperty("insufficient_data").GetBoolean());
        Assert.Equal(2.8, result.GetProperty("data").GetProperty("total_cost_usd").GetDouble(), 9);
        Assert.Contains("$2.80 over 3 requests", result.GetProperty("summary").GetString());
        Assert.True(result.GetProperty("duration_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task A_tool_with_no_body_runs_with_its_defaults_on_the_demo_data()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync("/api/tools/workload_profiler", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(result.GetProperty("data").GetProperty("requests").GetInt64(), 18_000, 22_000);
    }

    [Fact]
    public async Task An_unknown_tool_is_404_tool_not_found()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsJsonAsync("/api/tools/crystal_ball", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("tool_not_found", await response.ReadProblemCodeAsync());
    }

    [Theory]
    [InlineData("""{"slo_ms": "fast"}""", "invalid_parameters", "slo_ms")]
    [InlineData("""{"unknown": 1}""", "invalid_parameters", "unknown")]
    [InlineData("""{"from": "2026-11-21T00:00:00Z", "to": "2026-11-20T00:00:00Z"}""", "invalid_parameters", "before")]
    [InlineData("""[1, 2]""", "invalid_parameters", "JSON object")]
    [InlineData("""{"slo_ms": """, "invalid_json", "not valid JSON")]
    public async Task Bad_parameters_are_400_with_a_stable_code_and_a_reason(string body, string code, string reason)
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync("/api/tools/latency_analyzer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_user_cannot_run_a_tool_on_another_users_dataset()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        await PostAsync(alice, Line("alice-costs", 0), Line("alice-costs", 1));

        var response = await bob.PostAsJsonAsync("/api/tools/cost_analyzer", new { dataset = "alice-costs" });

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("insufficient_data").GetBoolean());
        Assert.Equal(0, result.GetProperty("data").GetProperty("requests").GetInt64());
        Assert.DoesNotContain("$0.30", result.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Tool_routes_need_a_token()
    {
        var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tools")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/tools/cost_analyzer", new { })).StatusCode);
    }
}
