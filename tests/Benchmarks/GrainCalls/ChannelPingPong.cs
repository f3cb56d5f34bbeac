using System.Threading.Channels;

namespace Netra.Benchmarks.GrainCalls;

/// <summary>
/// The baseline: each caller has a partner task that reads a request from one channel and writes the answer to
/// another, the least a message-passing call can do. A grain call does this and more (identity, activation, turn
/// rules, timeouts), so the ratio between the two is the runtime's overhead.
/// </summary>
public sealed class ChannelPingPong : IAsyncDisposable
{
    private readonly List<(Channel<int> Requests, Channel<int> Responses, Task Server)> _pairs = [];

    public Func<int, ValueTask<int>> CreateCaller()
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true };
        var requests = Channel.CreateUnbounded<int>(options);
        var responses = Channel.CreateUnbounded<int>(options);
        var server = Task.Run(async () =>
        {
            await foreach (var value in requests.Reader.ReadAllAsync())
            {
                await responses.Writer.WriteAsync(value + 1);
            }
        });
        _pairs.Add((requests, responses, server));
        return async value =>
        {
            await requests.Writer.WriteAsync(value);
            return await responses.Reader.ReadAsync();
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (requests, _, server) in _pairs)
        {
            requests.Writer.Complete();
            await server;
        }
    }
}
