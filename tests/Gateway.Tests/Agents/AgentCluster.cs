using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Agents;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Grains.Threads;
using Netra.Runtime;
using Netra.Runtime.Streams;
using Netra.Runtime.Testing;

namespace Netra.Gateway.Tests.Agents;

/// <summary>
/// Netra's grains on silos of a test cluster: two silos over TCP by default, state and streams in PostgreSQL, agents
/// with fast retries and watchdog, the test hook, the tools and the deterministic language model.
/// </summary>
public sealed class AgentCluster : IAsyncDisposable
{
    private readonly SiloCluster _silos;

    private AgentCluster(SiloCluster silos) => _silos = silos;

    public TestCluster Cluster => _silos.Silos;

    public IClusterClient Client => Cluster.Client;

    public static async Task<AgentCluster> StartAsync(string name, int silos = 2) =>
        new(await SiloCluster.StartAsync(name, silos, Configure));

    /// <summary>The services Netra's silos add for the agents, with test timings and the steering hook.</summary>
    public static void Configure(IServiceCollection services)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netra:Agents:WatchdogInterval"] = "00:00:01",
            ["Netra:Agents:RetryBackoff"] = "00:00:00.050",
        }).Build();
        services.AddNetraAgents(configuration);
        services.AddSingleton<IAgentHook, AgentTestHooks>();
        NetraTestServices.Add(services, configuration);
    }

    /// <summary>Creates a thread for <paramref name="userId"/> and submits a run of <paramref name="message"/> on it.</summary>
    public async Task<RunRequest> SubmitAsync(string userId, string message, string? threadId = null, string multitask = MultitaskMode.Enqueue, AgentTestHooks.Script? script = null) =>
        (await SubmitWithResultAsync(userId, message, threadId, multitask, script)).Request;

    /// <summary>As <see cref="SubmitAsync"/>, with the thread's answer to the submission.</summary>
    public async Task<(RunRequest Request, SubmitResult? Result)> SubmitWithResultAsync(
        string userId, string message, string? threadId = null, string multitask = MultitaskMode.Enqueue, AgentTestHooks.Script? script = null)
    {
        threadId ??= $"th_{Guid.NewGuid():N}";
        if (await Client.GetGrain<IThreadGrain>(threadId).GetAsync(userId, CancellationToken.None) is null)
        {
            await Client.GetGrain<IThreadGrain>(threadId).CreateAsync(userId, "agents", CancellationToken.None);
        }

        var request = new RunRequest($"run_{Guid.NewGuid():N}", userId, threadId, message, DateTimeOffset.UtcNow);
        if (script is not null)
        {
            AgentTestHooks.Steer(request.RunId, script);
        }

        var result = await Client.GetGrain<IThreadGrain>(threadId).SubmitRunAsync(request, multitask, CancellationToken.None);
        return (request, result);
    }

    /// <summary>Collects <paramref name="userId"/>'s events as they are published.</summary>
    public async Task<EventLog> WatchAsync(string userId)
    {
        var log = new EventLog();
        log.Subscription = await Cluster.Streams.GetStream<UserEvent>(UserStreams.For(userId)).SubscribeAsync(log.OnItemsAsync, 0);
        return log;
    }

    public ValueTask DisposeAsync() => _silos.DisposeAsync();

    /// <summary>A user's events, in order.</summary>
    public sealed class EventLog : IAsyncDisposable
    {
        private readonly ConcurrentQueue<StreamItem<UserEvent>> _items = new();

        public StreamSubscription? Subscription { get; set; }

        public IReadOnlyList<StreamItem<UserEvent>> Items => [.. _items];

        public IReadOnlyList<StreamItem<UserEvent>> Of(string runId) => [.. _items.Where(i => i.Value.RunId == runId)];

        public Task OnItemsAsync(IReadOnlyList<StreamItem<UserEvent>> items, CancellationToken cancellationToken)
        {
            foreach (var item in items)
            {
                _items.Enqueue(item);
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// Waits until run <paramref name="runId"/> has published an event of <paramref name="type"/>; with
        /// <paramref name="onError"/>, fails at once with the run's error if it publishes <c>agent_error</c> instead.
        /// </summary>
        public async Task<StreamItem<UserEvent>> WaitForAsync(string runId, string type, int timeoutMs = 30_000, bool onError = false)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            while (DateTime.UtcNow < deadline)
            {
                if (onError && _items.FirstOrDefault(i => i.Value.RunId == runId && i.Value.Type == UserEventTypes.AgentError) is { Value: not null } failed)
                {
                    throw new InvalidOperationException($"Run {runId} failed: {failed.Value.Data}");
                }

                if (_items.FirstOrDefault(i => i.Value.RunId == runId && i.Value.Type == type) is { Value: not null } found)
                {
                    return found;
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"Run {runId} published no {type} within {timeoutMs} ms. It published: {string.Join(", ", Of(runId).Select(i => i.Value.Type))}");
        }

        public async ValueTask DisposeAsync()
        {
            if (Subscription is not null)
            {
                await Subscription.DisposeAsync();
            }
        }
    }
}

/// <summary>Retries a grain call while a restarted cluster's client finds the new silos.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> call, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Runtime.SiloUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
