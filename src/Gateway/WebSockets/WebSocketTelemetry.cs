using System.Diagnostics.Metrics;

namespace Netra.Gateway.WebSockets;

/// <summary>The socket as metrics: connections open now, and frames sent (events, heartbeats, errors).</summary>
internal static class WebSocketTelemetry
{
    private static readonly Meter s_meter = new("Netra.Gateway");

    private static readonly UpDownCounter<long> s_connections = s_meter.CreateUpDownCounter<long>(
        "netra.websocket.connections", "{connection}", "WebSocket connections open on this gateway");

    private static readonly Counter<long> s_frames = s_meter.CreateCounter<long>(
        "netra.websocket.frames.sent", "{frame}", "Frames sent to WebSocket clients; their rate is the events/s the gateway delivers");

    public static void Opened() => s_connections.Add(1);

    public static void Closed() => s_connections.Add(-1);

    public static void FrameSent() => s_frames.Add(1);
}
