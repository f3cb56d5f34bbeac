using Netra.Runtime;

namespace Netra.Benchmarks.WebSockets;

/// <summary>What the driver emits through: Netra's producer grains, or the raw baseline's queues.</summary>
internal interface IEventSource
{
    /// <summary>Emits <paramref name="count"/> events to user <paramref name="user"/> (an index into the client set's users).</summary>
    Task EmitAsync(int user, int count, long sentAt);
}

/// <summary>Netra: a grain call to the user's <see cref="EventProducerGrain"/>, which appends to <c>user/{id}</c>.</summary>
internal sealed class GrainEventSource(IGrainFactory grains, string[] userIds) : IEventSource
{
    private readonly IEventProducerGrain[] _producers = [.. userIds.Select(id => grains.GetGrain<IEventProducerGrain>(id))];

    public Task EmitAsync(int user, int count, long sentAt) => _producers[user].EmitAsync(count, sentAt);
}

/// <summary>The baseline: the events go straight to the raw server's send queues of the user's connections.</summary>
internal sealed class RawEventSource(RawSocketServer server, string[] userIds) : IEventSource
{
    public Task EmitAsync(int user, int count, long sentAt)
    {
        server.Emit(userIds[user], count, sentAt);
        return Task.CompletedTask;
    }
}
