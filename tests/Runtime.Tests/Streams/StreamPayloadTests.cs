using System.Text;
using System.Text.Json;
using Netra.Runtime.Streams;
using Netra.Runtime.Testing;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Streams;

/// <summary>Streams read as stored JSON (<see cref="StreamPayload"/>), and the live path under concurrent appends.</summary>
public sealed class StreamPayloadTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IStreamProvider Streams => _cluster.Streams;

    public async Task InitializeAsync() => _cluster = await new TestClusterBuilder().Build().DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private sealed record Note(string Text, int Number);

    [Fact]
    public async Task A_payload_subscription_and_read_get_the_stored_json_of_typed_items()
    {
        var id = new StreamId("test", Guid.NewGuid().ToString("N"));
        var inbox = new StreamInbox<StreamPayload>();
        await using var subscription = await Streams.GetStream<StreamPayload>(id).SubscribeAsync(inbox.OnItemsAsync, 0);

        await Streams.GetStream<Note>(id).OnNextAsync(new Note("ü \"q\"", 1));
        await Streams.GetStream<StreamPayload>(id).OnNextAsync(new StreamPayload("""{"text":"raw","number":2}"""u8.ToArray()));

        await Eventually.TrueAsync(() => inbox.Count == 2, "both items delivered");
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal(new Note("ü \"q\"", 1), JsonSerializer.Deserialize<Note>(inbox.Items[0].Value.Utf8Json.Span, web));
        Assert.Equal("""{"text":"raw","number":2}""", Encoding.UTF8.GetString(inbox.Items[1].Value.Utf8Json.Span));
        var typed = await Streams.GetStream<Note>(id).ReadAsync(0, 10);
        Assert.Equal([new Note("ü \"q\"", 1), new Note("raw", 2)], typed.Items.Select(i => i.Value));
    }

    [Fact]
    public async Task Concurrent_appends_each_get_their_own_number_and_a_subscriber_sees_them_once_in_order()
    {
        var stream = Streams.GetStream<int>(new StreamId("test", Guid.NewGuid().ToString("N")));
        var inbox = new StreamInbox<int>();
        await using var subscription = await stream.SubscribeAsync(inbox.OnItemsAsync, 0);

        var numbered = await Task.WhenAll(Enumerable.Range(1, 400).Select(i => Task.Run(() => stream.OnNextAsync(i))));

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), numbered.Order());
        await Eventually.TrueAsync(() => inbox.Count == 400, $"400 items delivered (got {inbox.Count})");
        inbox.AssertContiguous(1, 400);
        var bySequence = inbox.Items.ToDictionary(i => i.Sequence, i => i.Value);
        for (var i = 0; i < 400; i++)
        {
            Assert.Equal(i + 1, bySequence[numbered[i]]); // the number each caller got is its own item's
        }
    }
}
