using System.Net.WebSockets;
using System.Buffers;
using System.Text.Json;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>
/// One chat client of one user, as a browser tab is: a WebSocket to a gateway that reads every envelope in the
/// background, and when its gateway goes away connects again with <c>after_seq</c> set to the last event it got. It
/// keeps every event's sequence number, across reconnects, so a test can check that nothing was lost or repeated.
/// Like a browser, it answers the server's close frame, so a stopping gateway need not wait for it.
/// </summary>
public sealed class ChatSocket : IAsyncDisposable
{
    private readonly string _token;
    private readonly List<(long Seq, string Type, string? RunId)> _events = [];
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, DateTimeOffset> _completions = [];
    private ClientWebSocket? _socket;
    private Task _reading = Task.CompletedTask;

    private ChatSocket(string user, string label, string token)
    {
        User = user;
        Label = label;
        _token = token;
    }

    /// <summary>The user.</summary>
    public string User { get; }

    /// <summary>Which client of the user this is, for messages (<c>u1@gateway-a</c>).</summary>
    public string Label { get; }

    /// <summary>The <c>last_seq</c> the first connection was established with.</summary>
    public long FirstLastSeq { get; private set; } = -1;

    /// <summary>How many times it connected again after its socket closed.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Whether the socket is closed (its gateway stopped or died) and not yet connected again.</summary>
    public bool Disconnected => _reading.IsCompleted;

    /// <summary>Every event received so far: sequence number, type and run, in arrival order.</summary>
    public IReadOnlyList<(long Seq, string Type, string? RunId)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The <c>error</c> events received (a refused or failed action), as <c>code: message</c>.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_events)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Connects to <paramref name="gateway"/> and waits for <c>connection_established</c>.</summary>
    public static async Task<ChatSocket> ConnectAsync(Uri gateway, string user, string label, string token)
    {
        var chat = new ChatSocket(user, label, token);
        chat.FirstLastSeq = await chat.OpenAsync(gateway, afterSeq: null);
        return chat;
    }

    /// <summary>Sends an action frame.</summary>
    public Task SendAsync(object frame) => (_socket ?? throw new InvalidOperationException($"{Label} is not connected."))
        .SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>
    /// Waits until the socket has closed, then connects to <paramref name="gateway"/> again with <c>after_seq</c> =
    /// the last sequence number received, retrying while the gateway cannot take it yet (it is starting, or the
    /// user's stream is failing over) until <paramref name="timeout"/>.
    /// </summary>
    public async Task ReconnectAsync(Uri gateway, TimeSpan timeout)
    {
        await _reading.WaitAsync(timeout);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await OpenAsync(gateway, Events.Count > 0 ? Events[^1].Seq : FirstLastSeq);
                Reconnects++;
                return;
            }
            catch (Exception exception) when (exception is WebSocketException or InvalidOperationException or OperationCanceledException
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>The runs whose <c>agent_completed</c> has arrived, with the time the silo stamped on it.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Completions
    {
        get
        {
            lock (_events)
            {
                return new Dictionary<string, DateTimeOffset>(_completions);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { } socket)
        {
            await CloseAsync(socket);
        }

        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Opens a socket, waits for <c>connection_established</c> and starts reading; returns its <c>last_seq</c>.</summary>
    private async Task<long> OpenAsync(Uri gateway, long? afterSeq)
    {
        var query = $"access_token={Uri.EscapeDataString(_token)}" + (afterSeq is { } after ? $"&after_seq={after}" : "");
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = "/ws", Query = query }.Uri, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var established = await ReceiveAsync(socket, timeout.Token)
                ?? throw new InvalidOperationException($"{Label}'s socket closed ({socket.CloseStatusDescription}) before connection_established.");
            if (established.RootElement.GetProperty("type").GetString() != "connection_established")
            {
                throw new InvalidOperationException($"{Label} got {established.RootElement.GetRawText()} before connection_established.");
            }

            var old = _socket;
            _socket = socket;
            _reading = Task.Run(() => ReadAsync(socket));
            if (old is not null)
            {
                old.Dispose();
            }

            using (established)
            {
                return established.RootElement.GetProperty("data").GetProperty("last_seq").GetInt64();
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads until the socket closes, answering the server's close frame; heartbeats and pongs are not events.</summary>
    private async Task ReadAsync(ClientWebSocket socket)
    {
        try
        {
            while (await ReceiveAsync(socket, CancellationToken.None) is { } frame)
            {
                using (frame)
                {
                    Record(frame.RootElement);
                }
            }

            await CloseAsync(socket);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The gateway went away without a close frame, or the test closed the socket.
        }
    }

    private void Record(JsonElement envelope)
    {
        var type = envelope.GetProperty("type").GetString()!;
        var metadata = envelope.GetProperty("metadata");
        lock (_events)
        {
            if (type == "error")
            {
                var data = envelope.GetProperty("data");
                _errors.Add($"{data.GetProperty("code").GetString()}: {data.GetProperty("message").GetString()}");
            }
            else if (metadata.TryGetProperty("seq", out var seq))
            {
                var runId = metadata.TryGetProperty("run_id", out var run) ? run.GetString() : null;
                _events.Add((seq.GetInt64(), type, runId));
                if (type == "agent_completed" && runId is not null)
                {
                    _completions[runId] = metadata.GetProperty("timestamp").GetDateTimeOffset();
                }
            }
        }
    }

    /// <summary>The next frame, or null when the server closed the socket.</summary>
    private static async Task<JsonDocument?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.WrittenMemory);
            }
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            socket.Abort(); // the other side is gone, or the reader is closing it at the same moment
        }
        finally
        {
            socket.Dispose();
        }
    }
}
