using Netra.Grains.Events;
using Netra.Runtime;
using Netra.Runtime.Placement;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>
/// Gateways as clients of three silos over TCP, with membership, grain state and streams in PostgreSQL: no sticky
/// sessions, nothing held only in a gateway, and no gap when a gateway stops or a silo dies.
/// </summary>
public sealed class SocketClusterTests : IAsyncLifetime
{
    private SiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync("sockets", silos: 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_user_on_two_gateways_gets_every_event_on_both_and_losing_one_loses_nothing()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        var first = Gateway();
        await using var second = Gateway();
        var token = await first.TokenAsync(user);
        var onFirst = await ConnectedAsync(first, token);
        await using var onSecond = await ConnectedAsync(second, token);

        await EmitAsync(user, 50);
        var seenOnFirst = await onFirst.ReceiveEventsThroughAsync(50);
        var producing = EmitAsync(user, 50);
        await first.DisposeAsync(); // the first gateway goes away mid-stream
        await using var moved = await second.ConnectAsync(token, afterSeq: seenOnFirst[^1].Seq);
        await moved.ReceiveUntilAsync("connection_established");
        await producing;

        var resumed = await moved.ReceiveEventsThroughAsync(100);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seenOnFirst.Concat(resumed).Select(e => e.Seq!.Value));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await onSecond.ReceiveEventsThroughAsync(100, 20_000)).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_gateway_process_killed_with_sigkill_loses_nothing_for_a_client_that_reconnects_elsewhere()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        var settings = _cluster.GatewaySettings;
        settings["Netra:Auth:SigningKey"] = "netra-websocket-tests-signing-key-0123456789";
        settings["Netra:Auth:DevTokens"] = "true";
        await using var doomed = await GatewayProcess.StartAsync("gateway-a", settings);
        await using var survivor = await GatewayProcess.StartAsync("gateway-b", settings);
        using var http = doomed.CreateClient();
        var token = await KestrelGateway.TokenAsync(http, user);
        var onDoomed = await KestrelGateway.ConnectAsync(doomed.BaseAddress, token);
        await onDoomed.ReceiveUntilAsync("connection_established");
        await using var onSurvivor = await KestrelGateway.ConnectAsync(survivor.BaseAddress, token);
        await onSurvivor.ReceiveUntilAsync("connection_established");

        await EmitAsync(user, 30);
        var seen = await onDoomed.ReceiveEventsThroughAsync(30);
        var producing = EmitAsync(user, 70);
        doomed.Kill();
        await using var moved = await KestrelGateway.ConnectAsync(survivor.BaseAddress, token, afterSeq: seen[^1].Seq);
        await moved.ReceiveUntilAsync("connection_established");
        await producing;

        seen.AddRange(await moved.ReceiveEventsThroughAsync(100, 20_000));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seen.Select(e => e.Seq!.Value));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await onSurvivor.ReceiveEventsThroughAsync(100, 20_000)).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_silo_killed_while_events_stream_leaves_no_gap()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        await using var gateway = Gateway();
        await using var socket = await ConnectedAsync(gateway, await gateway.TokenAsync(user));
        await EmitAsync(user, 20);
        await socket.ReceiveEventsThroughAsync(20);

        var owner = new ConsistentHashRing(_cluster.Silos.LiveSilos.Select(s => s.Address))
            .OwnerOf(GrainId.Create("netra.stream", UserStreams.For(user).ToString()));
        _cluster.Silos.KillSilo(_cluster.Silos.LiveSilos.Single(s => s.Address == owner));
        var last = 20L;
        for (var i = 0; i < 40; i++)
        {
            last = await EmitWithRetryAsync(user) ?? last;
        }

        var events = await socket.ReceiveEventsThroughAsync(last, 30_000);
        Assert.Equal(Enumerable.Range(21, (int)last - 20).Select(i => (long)i), events.Select(e => e.Seq!.Value));
    }

    private KestrelGateway Gateway()
    {
        var settings = _cluster.GatewaySettings;
        settings["Netra:Streams:RenewInterval"] = "00:00:00.500";
        settings["Netra:Streams:SubscriberLease"] = "00:00:05";
        return new KestrelGateway(settings);
    }

    private static async Task<SocketClient> ConnectedAsync(KestrelGateway gateway, string token)
    {
        var socket = await gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");
        return socket;
    }

    private async Task EmitAsync(string user, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await EmitWithRetryAsync(user);
        }
    }

    /// <summary>Appends one event as a grain would, retrying while its stream fails over; null if it never got through.</summary>
    private async Task<long?> EmitWithRetryAsync(string user)
    {
        var stream = _cluster.Silos.Streams.GetStream<UserEvent>(UserStreams.For(user));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                return await stream.OnNextAsync(new UserEvent(
                    UserEventTypes.AgentLog, System.Text.Json.JsonSerializer.SerializeToElement(new { attempt }), null, null, "test", DateTimeOffset.UtcNow));
            }
            catch (SiloUnavailableException)
            {
                await Task.Delay(250);
            }
        }

        return null;
    }
}
