using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Netra.Gateway.Tests.Threads;

/// <summary>Another user's thread must look exactly like one that does not exist.</summary>
public sealed class ThreadIsolationTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    [Fact]
    public async Task Another_users_thread_is_404_on_every_route_and_absent_from_their_list()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        var id = await ThreadsApiTests.CreateAsync(alice, "alice's secrets");

        await ThreadRoutes.AssertAllNotFoundAsync(bob, id);

        Assert.Equal(0, (await bob.GetFromJsonAsync<JsonElement>("/api/threads")).GetArrayLength());
        var stillThere = await alice.GetFromJsonAsync<JsonElement>($"/api/threads/{id}");
        Assert.Equal("alice's secrets", stillThere.GetProperty("title").GetString());
        Assert.Equal(1, (await alice.GetFromJsonAsync<JsonElement>("/api/threads")).GetArrayLength());
    }

    [Fact]
    public async Task Another_users_thread_answers_the_same_404_body_as_a_thread_that_never_existed()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        var id = await ThreadsApiTests.CreateAsync(alice, "alice's");

        var theirs = await (await bob.GetAsync($"/api/threads/{id}")).ReadProblemAsync();
        var missing = await (await bob.GetAsync($"/api/threads/th_{Guid.NewGuid():N}")).ReadProblemAsync();

        Assert.Equal(Without(theirs, "correlation_id", "trace_id"), Without(missing, "correlation_id", "trace_id"));
    }

    [Fact]
    public async Task Same_user_id_with_another_role_sees_the_same_threads()
    {
        var userId = GatewayClients.NewUserId();
        var asUser = await app.CreateUserAsync(userId, "user");
        var asAdmin = await app.CreateUserAsync(userId, "admin");
        var id = await ThreadsApiTests.CreateAsync(asUser, "shared by identity");

        var response = await asAdmin.GetAsync($"/api/threads/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Without(JsonElement problem, params string[] names) =>
        string.Join(",", problem.EnumerateObject().Where(p => !names.Contains(p.Name)).Select(p => $"{p.Name}={p.Value}"));
}
