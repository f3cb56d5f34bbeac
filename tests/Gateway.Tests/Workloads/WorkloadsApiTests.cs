using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Netra.Gateway.Tests.Workloads.WorkloadEvents;

namespace Netra.Gateway.Tests.Workloads;

public sealed class WorkloadsApiTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Ingest_accepts_good_lines_and_rejects_bad_ones_by_line_number()
    {
        var client = await app.CreateUserAsync();

        var body = await PostAsync(client,
            Line("t1", 0),
            "{not json",
            Line("t1", 1),
            """{"timestamp":"2026-11-20T10:00:00Z","model":"m","input_tokens":1,"output_tokens":1,"status":"exploded"}""",
            Line("t1", 2));

        Assert.Equal((3, 2), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([2, 4], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.StartsWith("not valid JSON", errors[0].GetProperty("reason").GetString());
        Assert.Contains("status must be one of", errors[1].GetProperty("reason").GetString());
        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets");
        var t1 = datasets.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "t1");
        Assert.Equal(3, t1.GetProperty("events").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 2, 0, TimeSpan.Zero), t1.GetProperty("last_timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task Every_new_user_finds_the_demo_dataset_on_first_touch()
    {
        var client = await app.CreateUserAsync();

        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets");

        var demo = Assert.Single(datasets.EnumerateArray());
        Assert.Equal("demo", demo.GetProperty("name").GetString());
        Assert.InRange(demo.GetProperty("events").GetInt64(), 18_000, 22_000);
    }

    [Fact]
    public async Task Deleting_a_dataset_removes_it_and_a_second_delete_is_404()
    {
        var client = await app.CreateUserAsync();
        await PostAsync(client, Line("gone", 0), Line("gone", 1));

        var first = await client.DeleteAsync("/api/workloads/datasets/gone");
        var second = await client.DeleteAsync("/api/workloads/datasets/gone");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("dataset_not_found", await second.ReadProblemCodeAsync());
        var names = (await client.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).EnumerateArray().Select(d => d.GetProperty("name").GetString());
        Assert.DoesNotContain("gone", names);
    }

    [Fact]
    public async Task Summary_of_a_dataset_counts_its_events_with_catalog_costs_and_latency_statistics()
    {
        var client = await app.CreateUserAsync();
        await PostAsync(client, Line("s", 0, latency: 100), Line("s", 1, latency: 300), Line("s", 2, model: "gpt-4o", latency: 200));

        var summary = await client.GetFromJsonAsync<JsonElement>("/api/workloads/summary?dataset=s");

        Assert.Equal(3, summary.GetProperty("requests").GetInt64());
        Assert.Equal(0.15 + 0.15 + 2.5, summary.GetProperty("cost_usd").GetDouble(), 9); // 1M input tokens each
        Assert.Equal(200, summary.GetProperty("latency_ms").GetProperty("p50").GetDouble());
        Assert.Equal(["gpt-4o-mini", "gpt-4o"], summary.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var missing = await client.GetAsync("/api/workloads/summary?dataset=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("dataset_not_found", await missing.ReadProblemCodeAsync());
    }

    [Fact]
    public async Task Another_users_dataset_is_invisible_on_every_route()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        await PostAsync(alice, Line("alice-private", 0));

        var names = (await bob.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).EnumerateArray().Select(d => d.GetProperty("name").GetString());
        var summary = await bob.GetAsync("/api/workloads/summary?dataset=alice-private");
        var delete = await bob.DeleteAsync("/api/workloads/datasets/alice-private");

        Assert.DoesNotContain("alice-private", names);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (summary.StatusCode, delete.StatusCode));
        Assert.Contains("alice-private", (await alice.GetFromJsonAsync<JsonElement>("/api/workloads/datasets")).EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Workload_routes_need_a_token()
    {
        var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/workloads/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/workloads/events", Ndjson(Line("x")))).StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_ndjson_is_415()
    {
        var client = await app.CreateUserAsync();
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("image/png");

        var response = await client.PostAsync("/api/workloads/events", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await response.ReadProblemCodeAsync());
    }
}
