using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// One silo's side of the membership protocol, modelled on Orleans' membership oracle: it joins (Joining, then
/// Active, with a generation newer than any earlier incarnation on its endpoint), writes heartbeats, rereads the
/// table, probes its successors on the ring through <see cref="ISiloProber"/>, votes against silos that miss probes
/// and declares them dead when the votes add up, and leaves (ShuttingDown, then Dead). All timing comes from the
/// <see cref="TimeProvider"/>. See <see cref="MembershipOptions"/> for how fast a killed silo is declared dead.
/// </summary>
/// <remarks>
/// Protocol steps run one at a time (a gate), on a background loop started by <see cref="JoinAsync(string, int, string, CancellationToken)"/>. Event handlers
/// run on that loop: they must return quickly and must not wait for <see cref="StopAsync"/> (calling it without
/// awaiting, as a host's StopApplication does, is fine). Disposing stops the loop and writes nothing, as a killed
/// process would.
/// </remarks>
public sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private MembershipSnapshot _snapshot = MembershipSnapshot.Empty;
    private SiloAddress? _self;
    private volatile bool _declaredDead;
    private volatile bool _leaving;
    private volatile bool _stopped;
    private CancellationTokenSource? _loopCancellation;
    private Task? _loop;
    private DateTimeOffset _nextIAmAlive;
    private DateTimeOffset _nextRefresh;
    private DateTimeOffset _nextProbe;
    private DateTimeOffset _nextCleanup;

    private readonly Lock _disposeLock = new();
    private Task? _disposal;

    /// <summary>Creates the service; it does nothing until <see cref="JoinAsync(string, int, string, CancellationToken)"/>.</summary>
    public MembershipService(
        IMembershipTable table,
        ISiloProber prober,
        MembershipOptions options,
        TimeProvider? timeProvider = null,
        ILogger<MembershipService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!string.Equals(options.ClusterId, table.ClusterId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The membership options name cluster '{options.ClusterId}' but the table holds cluster '{table.ClusterId}'.", nameof(options));
        }

        _table = table;
        _prober = prober;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<MembershipService>.Instance;
    }

    /// <summary>Raised with each snapshot whose table version differs from the previous one.</summary>
    public event Action<MembershipSnapshot>? MembershipChanged;

    /// <summary>
    /// Raised once when this silo reads its own row as Dead (or deleted) without having left: the cluster has
    /// declared it dead and the host must stop it. The service stops its loop and never writes again.
    /// </summary>
    public event Action? DeclaredDead;

    /// <summary>This silo's incarnation, or null before <see cref="JoinAsync(string, int, string, CancellationToken)"/>.</summary>
    public SiloAddress? Silo => _self;

    /// <summary>The latest snapshot this silo has read.</summary>
    public MembershipSnapshot Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Whether the cluster has declared this silo dead.</summary>
    public bool IsDeclaredDead => _declaredDead;

    /// <summary>Tests turn the loop off and call <see cref="TickAsync"/> themselves, between moves of a fake clock.</summary>
    internal bool RunsBackgroundLoop { get; init; } = true;

    private bool IsRunning => _self is not null && !_declaredDead && !_stopped;

    private string Name => _self?.ToString() ?? "(not joined)";

    /// <summary>
    /// Joins the cluster as <paramref name="host"/>:<paramref name="port"/> with a new generation, declaring an
    /// earlier live incarnation on the same endpoint Dead first (this process owns the port now, so it is gone), and
    /// starts the protocol loop. Returns the new incarnation.
    /// </summary>
    public Task<SiloAddress> JoinAsync(string host, int port, string siloName, CancellationToken cancellationToken) =>
        JoinAsync(host, port, siloName, beforeActive: null, cancellationToken);

    /// <summary>
    /// Joins as <see cref="JoinAsync(string, int, string, CancellationToken)"/> does, running <paramref name="beforeActive"/>
    /// once the Joining row gives this incarnation its address and before the row turns Active: the silo starts
    /// listening there, so no other member ever sees it Active before it can take calls.
    /// </summary>
    public async Task<SiloAddress> JoinAsync(
        string host, int port, string siloName, Func<SiloAddress, Task>? beforeActive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(siloName);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_self is not null || _stopped)
            {
                throw new InvalidOperationException("A membership service joins once; a restarted silo uses a new service.");
            }

            _self = await InsertJoiningRowAsync(host, port, siloName, cancellationToken).ConfigureAwait(false);
            if (beforeActive is not null)
            {
                await beforeActive(_self).ConfigureAwait(false);
            }

            if (!await WriteOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Silo {_self} could not become Active: its row is Dead or the table kept changing.");
            }

            MembershipLog.Joined(_logger, Name, siloName, _table.ClusterId);
            var now = _time.GetUtcNow();
            _nextIAmAlive = now + _options.IAmAliveInterval;
            _nextRefresh = now + _options.RefreshInterval;
            _nextProbe = now + _options.ProbeInterval;
            _nextCleanup = now + _options.DefunctSiloCleanupPeriod;
            await GuardAsync("cleanup", CleanupAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        if (RunsBackgroundLoop)
        {
            _loopCancellation = new CancellationTokenSource();
            var token = _loopCancellation.Token;
            _loop = Task.Run(() => RunLoopAsync(token), CancellationToken.None);
        }

        return _self;
    }

    /// <summary>Marks this silo ShuttingDown; it keeps probing and being probed until <see cref="StopAsync"/>.</summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                await WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leaves gracefully: ShuttingDown (unless already), then Dead; stops the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsRunning)
            {
                return;
            }

            if (Snapshot.Find(_self!)?.Status != SiloStatus.ShuttingDown)
            {
                await WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            }

            _leaving = true;
            await WriteOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stopped = true;
            _gate.Release();
        }
    }

    /// <summary>Stops the loop without writing anything: to the others this silo looks killed.</summary>
    public ValueTask DisposeAsync()
    {
        // Idempotent and safe to race: a killed silo disposes this at once, and its host's container does again.
        _stopped = true;
        lock (_disposeLock)
        {
            return new ValueTask(_disposal ??= DisposeOnceAsync());
        }
    }

    private async Task DisposeOnceAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        _loopCancellation?.Dispose();
    }
}
