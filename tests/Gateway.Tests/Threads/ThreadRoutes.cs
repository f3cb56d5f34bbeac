using System.Net;
using System.Net.Http.Json;

namespace Netra.Gateway.Tests.Threads;

/// <summary>Every route of one thread, for tests that expect the same answer from all of them.</summary>
internal static class ThreadRoutes
{
    public static IEnumerable<Task<HttpResponseMessage>> CallAllAsync(HttpClient client, string id) =>
    [
        client.GetAsync($"/api/threads/{id}"),
        client.PatchAsJsonAsync($"/api/threads/{id}", new { title = "mine now" }),
        client.GetAsync($"/api/threads/{id}/messages"),
        client.DeleteAsync($"/api/threads/{id}"),
    ];

    public static async Task AssertAllNotFoundAsync(HttpClient client, string id)
    {
        foreach (var response in await CallAllAsync(client, id).WhenAll())
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("thread_not_found", await response.ReadProblemCodeAsync());
        }
    }

    public static Task<T[]> WhenAll<T>(this IEnumerable<Task<T>> tasks) => Task.WhenAll(tasks);
}
