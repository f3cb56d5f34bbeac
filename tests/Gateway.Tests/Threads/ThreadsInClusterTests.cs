using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Netra.Gateway.Threads;

namespace Netra.Gateway.Tests.Threads;

/// <summary>
/// Threads through a gateway in cluster mode: grain calls cross TCP to two silos (so every argument and result goes
/// through the generated codecs), and thread state lives in PostgreSQL, so it survives the silos being replaced.
/// </summary>
public sealed class ThreadsInClusterTests : IAsyncLifetime
{
    private SiloCluster _cluster = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        _cluster = await SiloCluster.StartAsync("threads", silos: 2);
        _gateway = new GatewayApplication().WithWebHostBuilder(builder =>
        {
            _cluster.Apply(builder);
            builder.UseSetting("Netra:Auth:DevTokens", "true");
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Threads_and_messages_cross_the_cluster_and_survive_the_silos_being_replaced()
    {
        var userId = GatewayClients.NewUserId();
        var client = await _gateway.CreateUserAsync(userId);
        var stranger = await _gateway.CreateUserAsync();
        var threads = _gateway.Services.GetRequiredService<ThreadService>();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await ThreadsApiTests.CreateAsync(client, $"thread {i}"));
            await threads.AppendMessageAsync(userId, ids[^1], "user", $"question {i}", null, CancellationToken.None);
            await threads.AppendMessageAsync(userId, ids[^1], "assistant", $"answer {i}", $"run_{i}", CancellationToken.None);
        }

        foreach (var silo in _cluster.Silos.LiveSilos.ToList())
        {
            await _cluster.Silos.RestartSiloAsync(silo);
        }

        await _cluster.Silos.WaitForClusterAsync();
        var list = await EventuallyAsync(() => client.GetFromJsonAsync<JsonElement>("/api/threads"));
        Assert.Equal(Enumerable.Reverse(ids), list.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/threads/{ids[2]}/messages");
        Assert.Equal(["question 2", "answer 2"], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal("run_2", messages[1].GetProperty("run_id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/threads/{ids[0]}/messages")).StatusCode);
    }

    /// <summary>Retries while the gateway's client catches up with the replaced silos' membership.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
