using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Netra.Runtime.Streams;

/// <summary>Makes stream providers for a silo, a cluster client or a test.</summary>
public static class StreamProviders
{
    /// <summary>
    /// A provider whose streams are reached through <paramref name="factory"/>: a silo's grain factory, a
    /// <see cref="Cluster.Client.ClusterClient"/> (whose subscriptions then renew at once when membership changes) or a
    /// test cluster's client.
    /// </summary>
    public static IStreamProvider Create(IGrainFactory factory, StreamOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new StreamOptions();
        options.Validate();
        var provider = new StreamProvider(factory, options, loggers ?? NullLoggerFactory.Instance, time ?? TimeProvider.System);
        if (factory is Cluster.Client.ClusterClient client)
        {
            client.MembershipChanged += provider.RenewAll;
        }

        return provider;
    }
}

/// <summary>The streams of one process, reached through its grain factory.</summary>
internal sealed class StreamProvider(IGrainFactory factory, StreamOptions options, ILoggerFactory loggers, TimeProvider time) : IStreamProvider
{
    /// <summary>How stream items are written: System.Text.Json's web defaults (camelCase, case-insensitive reads).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, Action> _live = new();
    private readonly ILogger _logger = loggers.CreateLogger("Netra.Runtime.Streams");

    public IAsyncStream<T> GetStream<T>(StreamId id) => new AsyncStream<T>(this, id);

    /// <summary>Renews every live subscription of this process now.</summary>
    public void RenewAll()
    {
        foreach (var renew in _live.Values)
        {
            renew();
        }
    }

    internal IStreamGrain GrainOf(StreamId id) => factory.GetGrain<IStreamGrain>(id.ToString());

    internal async Task<StreamSubscription> SubscribeAsync<T>(
        StreamId id, Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems, long afterSequence, CancellationToken cancellationToken,
        bool deliverInline = false)
    {
        ArgumentNullException.ThrowIfNull(onItems);
        var core = new StreamSubscriptionCore<T>(
            factory, id, onItems, options, Json, time, _logger, ended => _live.TryRemove(ended.Id, out _), deliverInline);
        _live[core.Id] = core.Renew;
        try
        {
            await core.StartAsync(afterSequence, cancellationToken);
        }
        catch
        {
            _live.TryRemove(core.Id, out _);
            throw;
        }

        return new StreamSubscription(core);
    }

    internal int PageSize => options.PageSize;
}

/// <summary>A typed view of one stream.</summary>
internal sealed class AsyncStream<T>(StreamProvider provider, StreamId id) : IAsyncStream<T>
{
    private readonly IStreamGrain _grain = provider.GrainOf(id);

    public StreamId Id => id;

    public Task<long> OnNextAsync(T item, CancellationToken cancellationToken = default) =>
        _grain.AppendAsync([StreamCodec<T>.Encode(item, StreamProvider.Json)], cancellationToken);

    public Task<long> OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var payloads = new List<byte[]>(items.Count);
        foreach (var item in items)
        {
            payloads.Add(StreamCodec<T>.Encode(item, StreamProvider.Json));
        }

        return _grain.AppendAsync(payloads, cancellationToken);
    }

    public async Task<StreamPage<T>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var result = await _grain.ReadAsync(afterSequence, Math.Min(maxCount, provider.PageSize), cancellationToken);
        var items = new List<StreamItem<T>>(result.Items.Count);
        foreach (var record in result.Items)
        {
            items.Add(new StreamItem<T>(record.Sequence, StreamCodec<T>.Decode(record.Payload, StreamProvider.Json), record.Timestamp));
        }

        return new StreamPage<T>(items, result.LastSequence, result.FirstRetained);
    }

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => _grain.GetLastSequenceAsync();

    public Task<StreamSubscription> SubscribeAsync(
        Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems, long afterSequence, CancellationToken cancellationToken = default) =>
        provider.SubscribeAsync(id, onItems, afterSequence, cancellationToken);

    public Task<StreamSubscription> SubscribeInlineAsync(
        Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems, long afterSequence, CancellationToken cancellationToken = default) =>
        provider.SubscribeAsync(id, onItems, afterSequence, cancellationToken, deliverInline: true);
}
