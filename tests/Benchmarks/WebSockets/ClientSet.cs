using System.Buffers.Text;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// The benchmark's clients: <c>users × connectionsPerUser</c> real <see cref="System.Net.WebSockets.ClientWebSocket"/>s
/// to one server's <c>/ws</c>, each with the user's token in the query (as a browser sends it) and its user id (which
/// the raw baseline reads; Netra reads the token), and one <see cref="UserFlow"/> per user.
/// </summary>
internal sealed class ClientSet : IAsyncDisposable
{
    private static int s_retries;

    private readonly HttpMessageInvoker _invoker;

    private ClientSet(string[] userIds, int connectionsPerUser, UserFlow[] flows, SocketReader[] readers, HttpMessageInvoker invoker)
    {
        UserIds = userIds;
        ConnectionsPerUser = connectionsPerUser;
        Flows = flows;
        Readers = readers;
        _invoker = invoker;
    }

    public string[] UserIds { get; }

    public int ConnectionsPerUser { get; }

    /// <summary>One per user, in the order of <see cref="UserIds"/>.</summary>
    public UserFlow[] Flows { get; }

    /// <summary>User <c>u</c>'s connection <c>c</c> is <c>Readers[u * ConnectionsPerUser + c]</c>.</summary>
    public SocketReader[] Readers { get; }

    /// <summary>Handshakes retried so far in this process (a sign of a busy machine; each retry succeeded or the run failed).</summary>
    public static int Retries => Volatile.Read(ref s_retries);

    /// <summary>Events read by every connection so far.</summary>
    public long EventsRead => Readers.Sum(r => r.Events);

    /// <summary>Opens every connection, <paramref name="parallel"/> handshakes at a time, and starts each user's flow at its <c>last_seq</c>.</summary>
    public static async Task<ClientSet> ConnectAsync(
        Uri baseAddress, string[] userIds, int connectionsPerUser, string signingKey, int window, Recording? recording, int parallel)
    {
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) });
        var flows = userIds.Select(_ => new UserFlow(connectionsPerUser, window)).ToArray();
        var readers = new SocketReader[userIds.Length * connectionsPerUser];
        try
        {
            await Parallel.ForAsync(0, readers.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            {
                var user = i / connectionsPerUser;
                var token = Uri.EscapeDataString(MintToken(signingKey, userIds[user]));
                var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/ws", Query = $"access_token={token}&user={userIds[user]}" }.Uri;
                readers[i] = await ConnectWithRetryAsync(uri, invoker, flows[user], i % connectionsPerUser, recording);
            });
        }
        catch
        {
            await Task.WhenAll(readers.Where(r => r is not null).Select(r => r.AbortAsync()));
            invoker.Dispose();
            throw;
        }

        for (var user = 0; user < userIds.Length; user++)
        {
            var starts = readers.Skip(user * connectionsPerUser).Take(connectionsPerUser).Select(r => r.LastSeq).Distinct().ToList();
            if (starts.Count != 1)
            {
                throw new InvalidOperationException($"The connections of {userIds[user]} start at different last_seq: {string.Join(", ", starts)}.");
            }

            flows[user].Start(starts[0]);
        }

        return new ClientSet(userIds, connectionsPerUser, flows, readers, invoker);
    }

    /// <summary>
    /// A JWT for <paramref name="userId"/> as the gateway's dev-token endpoint makes it (HS256; sub, role, iss, aud,
    /// exp), minted here so that 10,000 clients need no 10,000 requests.
    /// </summary>
    public static string MintToken(string signingKey, string userId)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["role"] = "user",
            ["iss"] = "netra",
            ["aud"] = "netra",
            ["exp"] = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds(),
        });
        var unsigned = $"{header}.{Base64Url.EncodeToString(claims)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>Waits until every connection has read every event its user emitted; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Enumerable.Range(0, Flows.Length).All(u => Flows[u].ReadByAll >= Flows[u].Emitted))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Throws unless every connection read exactly its user's events, in order, without a gap or a repeat.</summary>
    public void Verify()
    {
        var problems = new List<string>();
        for (var i = 0; i < Readers.Length; i++)
        {
            var user = i / ConnectionsPerUser;
            var reader = Readers[i];
            if (reader.Error is { } error)
            {
                problems.Add($"{UserIds[user]} connection {i % ConnectionsPerUser}: {error}");
            }
            else if (reader.LastSeq != Flows[user].Emitted)
            {
                problems.Add($"{UserIds[user]} connection {i % ConnectionsPerUser}: read up to seq {reader.LastSeq}, {Flows[user].Emitted} were emitted");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{problems.Count} connections did not get their events intact, e.g. {string.Join("; ", problems.Take(5))}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Readers.Select(r => r.AbortAsync()));
        _invoker.Dispose();
    }

    private static async Task<SocketReader> ConnectWithRetryAsync(Uri uri, HttpMessageInvoker invoker, UserFlow flow, int index, Recording? recording)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SocketReader.ConnectAsync(uri, invoker, flow, index, recording);
            }
            catch (Exception exception) when (attempt < 3 && exception is System.Net.WebSockets.WebSocketException or HttpRequestException or SocketException)
            {
                // A handshake can fail while a busy machine backs up the listen queue; try again after a moment.
                Interlocked.Increment(ref s_retries);
                await Task.Delay(200 * attempt);
            }
        }
    }
}
