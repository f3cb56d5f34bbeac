using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>One envelope as the client sees it.</summary>
public sealed record Envelope(string Type, JsonElement Data, long? Seq, JsonElement Metadata);

/// <summary>A real <see cref="ClientWebSocket"/> that reads envelopes.</summary>
public sealed class SocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];

    private SocketClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<SocketClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new SocketClient(socket);
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendAsync(object frame) => SendAsync(JsonSerializer.Serialize(frame));

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) => _socket.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>The next envelope, or null when the server closed the socket.</summary>
    public async Task<Envelope?> ReceiveAsync(int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }
        }

        using var document = JsonDocument.Parse(_buffer.AsMemory(0, length));
        var root = document.RootElement.Clone();
        var metadata = root.GetProperty("metadata");
        return new Envelope(
            root.GetProperty("type").GetString()!, root.GetProperty("data"),
            metadata.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null, metadata);
    }

    /// <summary>Reads until an envelope of <paramref name="type"/>, skipping heartbeats and returning the rest in order.</summary>
    public async Task<(Envelope Match, List<Envelope> Before)> ReceiveUntilAsync(string type, int timeoutMs = 10_000)
    {
        var before = new List<Envelope>();
        while (true)
        {
            var envelope = await ReceiveAsync(timeoutMs) ?? throw new InvalidOperationException(
                $"The socket closed ({CloseStatus}: {CloseDescription}) before a '{type}' arrived.");
            if (envelope.Type == type)
            {
                return (envelope, before);
            }

            if (envelope.Type != "heartbeat")
            {
                before.Add(envelope);
            }
        }
    }

    /// <summary>Reads events until one has sequence number <paramref name="seq"/>; returns every event read, in order.</summary>
    public async Task<List<Envelope>> ReceiveEventsThroughAsync(long seq, int timeoutMs = 10_000)
    {
        var events = new List<Envelope>();
        while (events.Count == 0 || events[^1].Seq != seq)
        {
            var envelope = await ReceiveAsync(timeoutMs) ?? throw new InvalidOperationException(
                $"The socket closed ({CloseStatus}: {CloseDescription}) at seq {events.LastOrDefault()?.Seq}.");
            if (envelope.Seq is not null)
            {
                events.Add(envelope);
            }
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(2_000);
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
    }
}
