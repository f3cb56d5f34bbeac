using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Netra.Gateway.Threads;

namespace Netra.Gateway.Tests.Threads;

public sealed class ThreadsApiTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Created_thread_gets_201_with_its_location_and_can_be_read_back()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsJsonAsync("/api/threads", new { title = "  Where does my spend go?  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^th_[0-9a-f]{32}$", id);
        Assert.Equal($"/api/threads/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Where does my spend go?", created.GetProperty("title").GetString());
        Assert.Equal(0, created.GetProperty("message_count").GetInt32());
        Assert.Equal(
            ["id", "title", "created_at", "updated_at", "message_count", "active_run_id", "queued_runs"],
            created.EnumerateObject().Select(p => p.Name));
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/threads/{id}");
        Assert.Equal(created.ToString(), read.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"title\": null}")]
    public async Task Thread_created_without_a_title_gets_the_default_title(string body)
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync("/api/threads", new StringContent(body, null, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ThreadService.DefaultTitle, created.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Threads_are_listed_newest_first()
    {
        var client = await app.CreateUserAsync();
        foreach (var title in new[] { "first", "second", "third" })
        {
            (await client.PostAsJsonAsync("/api/threads", new { title })).EnsureSuccessStatusCode();
        }

        var list = await client.GetFromJsonAsync<JsonElement>("/api/threads");

        Assert.Equal(["third", "second", "first"], list.EnumerateArray().Select(t => t.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task New_user_has_an_empty_list()
    {
        var client = await app.CreateUserAsync();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/threads");

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Renamed_thread_has_the_new_title_and_a_later_updated_at()
    {
        var client = await app.CreateUserAsync();
        var id = await CreateAsync(client, "old");
        var before = (await client.GetFromJsonAsync<JsonElement>($"/api/threads/{id}")).GetProperty("updated_at").GetDateTimeOffset();

        var response = await client.PatchAsJsonAsync($"/api/threads/{id}", new { title = "new" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renamed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("new", renamed.GetProperty("title").GetString());
        Assert.True(renamed.GetProperty("updated_at").GetDateTimeOffset() >= before);
        Assert.Equal("new", (await client.GetFromJsonAsync<JsonElement>("/api/threads"))[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Deleted_thread_is_gone_from_every_route_and_from_the_list()
    {
        var client = await app.CreateUserAsync();
        var kept = await CreateAsync(client, "kept");
        var id = await CreateAsync(client, "doomed");

        var deleted = await client.DeleteAsync($"/api/threads/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ThreadRoutes.AssertAllNotFoundAsync(client, id);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/threads");
        Assert.Equal([kept], list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Messages_are_listed_oldest_first_with_their_roles_and_runs()
    {
        var userId = GatewayClients.NewUserId();
        var client = await app.CreateUserAsync(userId);
        var id = await CreateAsync(client, "chat");
        var threads = app.Services.GetRequiredService<ThreadService>();
        await threads.AppendMessageAsync(userId, id, "user", "Where is my LLM spend going?", null, CancellationToken.None);
        await threads.AppendMessageAsync(userId, id, "assistant", "Mostly gpt-4o.", "run_1", CancellationToken.None);

        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/threads/{id}/messages");
        var thread = await client.GetFromJsonAsync<JsonElement>($"/api/threads/{id}");

        Assert.Equal(["user", "assistant"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Where is my LLM spend going?", messages[0].GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, messages[0].GetProperty("run_id").ValueKind);
        Assert.Equal("run_1", messages[1].GetProperty("run_id").GetString());
        Assert.Matches("^msg_[0-9a-f]{32}$", messages[1].GetProperty("id").GetString());
        Assert.Equal(2, thread.GetProperty("message_count").GetInt32());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("th_")]
    [InlineData("th_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("th_0123456789abcdef0123456789abcdef0")]
    [InlineData("xx_0123456789abcdef0123456789abcdef")]
    public async Task Malformed_thread_id_is_404_thread_not_found(string id)
    {
        var client = await app.CreateUserAsync();

        await ThreadRoutes.AssertAllNotFoundAsync(client, id);
    }

    [Fact]
    public async Task Unknown_thread_id_is_404_thread_not_found()
    {
        var client = await app.CreateUserAsync();

        await ThreadRoutes.AssertAllNotFoundAsync(client, $"th_{Guid.NewGuid():N}");
    }

    [Fact]
    public async Task Threads_api_needs_a_token_on_every_route()
    {
        var owner = await app.CreateUserAsync();
        var id = await CreateAsync(owner, "private");
        var anonymous = app.CreateClient();

        foreach (var response in await ThreadRoutes.CallAllAsync(anonymous, id).Append(anonymous.GetAsync("/api/threads")).WhenAll())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthorized", await response.ReadProblemCodeAsync());
        }
    }

    [Fact]
    public async Task Thread_service_keeps_other_users_out_of_a_thread()
    {
        var owner = GatewayClients.NewUserId();
        var threads = app.Services.GetRequiredService<ThreadService>();
        var thread = await threads.CreateAsync(owner, null, CancellationToken.None);

        Assert.Null(await threads.GetAsync("someone-else", thread.Id, CancellationToken.None));
        await Assert.ThrowsAsync<ThreadNotFoundException>(() =>
            threads.AppendMessageAsync("someone-else", thread.Id, "user", "hi", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            threads.AppendMessageAsync(owner, thread.Id, "narrator", "hi", null, CancellationToken.None));
        Assert.Equal(0, (await threads.GetAsync(owner, thread.Id, CancellationToken.None))!.MessageCount);
    }

    [Fact]
    public async Task Thread_keeps_only_its_newest_1000_messages()
    {
        var owner = GatewayClients.NewUserId();
        var threads = app.Services.GetRequiredService<ThreadService>();
        var thread = await threads.CreateAsync(owner, "long", CancellationToken.None);
        for (var i = 0; i < 1_005; i++)
        {
            await threads.AppendMessageAsync(owner, thread.Id, MessageRole(i), $"message {i}", null, CancellationToken.None);
        }

        var messages = (await threads.GetMessagesAsync(owner, thread.Id, CancellationToken.None))!;

        Assert.Equal(1_000, messages.Count);
        Assert.Equal("message 5", messages[0].Content);
        Assert.Equal("message 1004", messages[^1].Content);
    }

    private static string MessageRole(int i) => (i % 3) switch { 0 => "user", 1 => "assistant", _ => "system" };

    internal static async Task<string> CreateAsync(HttpClient client, string title)
    {
        var response = await client.PostAsJsonAsync("/api/threads", new { title });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
