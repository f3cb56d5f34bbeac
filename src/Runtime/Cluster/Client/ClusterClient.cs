using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Runtime.Cluster.Directory;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Cluster.Messaging;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Client;

/// <summary>
/// A process that calls grains but hosts none, such as a gateway. It reads the active silos from the membership
/// table, places each call by the consistent hash the silos use and sends it over TCP to that silo, keeps a
/// connection to every active silo so grains can call its observers back, and fails over when a silo dies: calls
/// that could not be sent wait for membership to move their grain and then go on, so callers see only latency.
/// A call already in flight when its silo dies fails with <see cref="SiloUnavailableException"/>, as it may have run.
/// </summary>
public sealed partial class ClusterClient : IClusterClient, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterPlacementDirector _placement = new(local: null);
    private readonly ClientRouter _router;
    private readonly CallbackRegistry _callbacks;
    private readonly RemoteMessenger _messenger;
    private readonly ConnectionManager _connections;
    private readonly GrainFactory _factory;
    private readonly GrainLocator _directory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refreshWanted = new(0, 1);
    private readonly TaskCompletionSource _firstSilo = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private MembershipSnapshot _snapshot = MembershipSnapshot.Empty;

    /// <summary>Creates a client of the cluster whose membership is <paramref name="table"/>; <see cref="StartAsync"/> connects it.</summary>
    public ClusterClient(IMembershipTable table, ClusterClientOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = options ?? new ClusterClientOptions();
        _time = time ?? TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger("Netra.Runtime.Cluster.Client");
        Identity = new PeerIdentity($"client-{Guid.NewGuid():N}", _time.GetUtcNow().UtcTicks);
        _router = new ClientRouter(_placement, _time, _options, _logger);
        _callbacks = new CallbackRegistry(_time, TimeSpan.FromMilliseconds(100));
        var invoker = new GrainCallInvoker(_router, _callbacks, _time, _options.ResponseTimeout);
        _messenger = new RemoteMessenger(_router, invoker, _time, loggers.CreateLogger("Netra.Runtime.Cluster.Messaging"));
        _connections = new ConnectionManager(Identity, _messenger, _options.Transport, loggers, _time);
        _messenger.Connections = _connections;
        _router.Remote = _messenger;
        _router.RefreshWanted += WantRefresh;
        _factory = new GrainFactory(invoker, Identity.Name);
        _directory = new GrainLocator(_placement, local: null, () => _factory);
        _router.Directory = _directory;
    }

    /// <summary>How this client introduces itself to silos.</summary>
    public PeerIdentity Identity { get; }

    /// <summary>The silos the client last saw as active.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos => _placement.Ring.Silos;

    /// <summary>The active silos to which the client has an open connection now.</summary>
    public IReadOnlyList<SiloAddress> ConnectedSilos
    {
        get
        {
            var open = _connections.Connections.Where(c => c is { IsOutbound: true, IsOpen: true }).Select(c => c.RemoteIdentity).ToHashSet();
            return [.. ActiveSilos.Where(s => open.Contains(new PeerIdentity($"{s.Host}:{s.Port}", s.Generation)))];
        }
    }

    /// <summary>Completes when the client has seen at least one active silo.</summary>
    public Task Connected => _firstSilo.Task;

    /// <summary>Creates a client, starts it and waits until it sees an active silo (up to the connect timeout).</summary>
    public static async Task<ClusterClient> ConnectAsync(
        IMembershipTable table, ClusterClientOptions? options = null, ILoggerFactory? loggers = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var client = new ClusterClient(table, options, loggers, time);
        try
        {
            await client.StartAsync(cancellationToken);
            await client.Connected.WaitAsync(client._options.ConnectTimeout, client._time, cancellationToken);
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync();
            throw new SiloUnavailableException(
                $"No silo of cluster '{table.ClusterId}' became active within {client._options.ConnectTimeout}.");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads membership once, then keeps reading it in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            return;
        }

        await RefreshAsync(cancellationToken);
        _loop = Task.Run(() => RefreshLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey => _factory.GetGrain<TGrainInterface>(key);

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey => _factory.GetGrain<TGrainInterface>(key);

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey => _factory.GetGrain<TGrainInterface>(key);

    /// <inheritdoc />
    public TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : IGrainObserver => _factory.CreateObjectReference(observer);

    /// <inheritdoc />
    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver => _factory.DeleteObjectReference(reference);

    /// <summary>Stops reading membership, fails waiting calls and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _router.FailParked(new SiloUnavailableException("The cluster client was closed."));
        await _connections.DisposeAsync();
        _messenger.Dispose();
        _callbacks.Dispose();
        _stopping.Dispose();
    }

    private void WantRefresh()
    {
        try
        {
            _refreshWanted.Release();
        }
        catch (SemaphoreFullException)
        {
            // a read is already asked for
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
