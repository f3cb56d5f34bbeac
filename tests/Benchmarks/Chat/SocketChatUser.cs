using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Netra.Benchmarks.Chat;

/// <summary>
/// One user chatting as the web page does: a dev token from <c>POST /api/auth/dev-token</c>, one
/// <see cref="ClientWebSocket"/> on <c>/ws</c>, and <c>user_message</c> frames. Its first message opens a thread
/// (no <c>thread_id</c>); every later one goes to that thread. <see cref="AskAsync"/> returns when
/// <c>agent_completed</c> of the run the message started arrives: the run is the one whose <c>agent_started</c> came
/// first after the send (or its <c>agent_error</c>: the run failed). Other frames are read whole and skipped; only the run's start and end (and errors) are parsed.
/// </summary>
internal sealed class SocketChatUser : IChatUser
{
    private static readonly byte[] s_agentStarted = """{"type":"agent_started","""u8.ToArray();
    private static readonly byte[] s_agentCompleted = """{"type":"agent_completed","""u8.ToArray();
    private static readonly byte[] s_agentError = """{"type":"agent_error","""u8.ToArray();
    private static readonly byte[] s_error = """{"type":"error","""u8.ToArray();

    private readonly ClientWebSocket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private string? _threadId;

    private SocketChatUser(ClientWebSocket socket) => _socket = socket;

    /// <summary>Gets <paramref name="userId"/> a dev token from the gateway, connects, and reads <c>connection_established</c>.</summary>
    public static async Task<SocketChatUser> ConnectAsync(HttpClient http, string userId)
    {
        var answer = await http.PostAsJsonAsync("/api/auth/dev-token", new { user_id = userId, role = "user" });
        answer.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await answer.Content.ReadAsByteArrayAsync());
        var token = body.RootElement.GetProperty("access_token").GetString()!;
        var uri = new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = "/ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await socket.ConnectAsync(uri, timeout.Token);
            var user = new SocketChatUser(socket);
            var first = await user.ReceiveAsync(timeout.Token);
            if (!first.AsSpan().StartsWith("""{"type":"connection_established","""u8))
            {
                throw new InvalidOperationException($"Expected connection_established, got {Encoding.UTF8.GetString(first)}.");
            }

            return user;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<bool> AskAsync(string message, CancellationToken cancellationToken)
    {
        var frame = JsonSerializer.SerializeToUtf8Bytes(new
        {
            action = "user_message",
            data = _threadId is null ? (object)new { message } : new { message, thread_id = _threadId },
        });
        await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
        string? runId = null;
        while (true)
        {
            var received = await ReceiveAsync(cancellationToken);
            var span = received.AsSpan();
            if (span.StartsWith(s_agentStarted) && runId is null)
            {
                var metadata = Metadata(received);
                runId = metadata.GetProperty("run_id").GetString();
                _threadId ??= metadata.GetProperty("thread_id").GetString();
            }
            else if (runId is not null && (span.StartsWith(s_agentCompleted) || span.StartsWith(s_agentError))
                && Metadata(received).GetProperty("run_id").GetString() == runId)
            {
                return span.StartsWith(s_agentCompleted);
            }
            else if (span.StartsWith(s_error))
            {
                throw new InvalidOperationException($"The gateway refused '{message}': {Encoding.UTF8.GetString(received)}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static JsonElement Metadata(ArraySegment<byte> frame)
    {
        using var document = JsonDocument.Parse(frame);
        return document.RootElement.GetProperty("metadata").Clone();
    }

    /// <summary>Reads one whole message; the segment is valid until the next read.</summary>
    private async Task<ArraySegment<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The gateway closed the socket: {_socket.CloseStatus} {_socket.CloseStatusDescription}.");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return new ArraySegment<byte>(_buffer, 0, length);
            }
        }
    }
}
