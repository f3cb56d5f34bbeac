using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Hosting;

/// <summary>
/// One silo's lifecycle as a hosted service: on start it prepares storage (migrations) and starts idle collection;
/// on stop it deactivates every activation, running OnDeactivateAsync, before the process goes.
/// </summary>
public sealed class Silo : IHostedService
{
    private readonly SiloContext _context;
    private readonly Catalog _catalog;
    private readonly CallbackRegistry _callbacks;
    private readonly IEnumerable<IStorageInitializer> _initializers;
    private readonly ILogger<Silo> _logger;
    private readonly MessageCenter _messages;
    private int _killed;

    internal Silo(SiloContext context, Catalog catalog, CallbackRegistry callbacks, MessageCenter messages,
        IEnumerable<IStorageInitializer> initializers, ILogger<Silo> logger)
    {
        _context = context;
        _catalog = catalog;
        _callbacks = callbacks;
        _initializers = initializers;
        _logger = logger;
        _messages = messages;
    }

    /// <summary>This silo incarnation's address.</summary>
    public SiloAddress Address => _messages.LocalSilo;

    /// <summary>The number of live activations.</summary>
    public int ActivationCount => _catalog.Activations.Count();

    /// <summary>Calls this silo is waiting for.</summary>
    public int PendingCallCount => _callbacks.Count;

    internal Catalog Catalog => _catalog;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in _initializers)
        {
            await initializer.InitializeAsync(cancellationToken);
        }

        _catalog.StartCollector();
        Log.SiloStarted(_logger, Address.ToString());
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.SiloStopping(_logger, Address.ToString(), ActivationCount);
        try
        {
            await DeactivateAllAsync();
        }
        finally
        {
            _context.SignalStopping();
        }
    }

    /// <summary>Drops everything at once, as a crash would: no OnDeactivateAsync, no state written, callers told the silo is gone.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        Log.SiloKilled(_logger, Address.ToString(), ActivationCount);
        _catalog.Kill();
        _context.SignalStopping();
        Killed?.Invoke();
    }

    /// <summary>Raised when the silo is killed, so its cluster membership and connections die with it.</summary>
    internal event Action? Killed;

    /// <summary>Deactivates every activation, bounded by the deactivation timeout; safe to call more than once.</summary>
    internal async Task DeactivateAllAsync()
    {
        try
        {
            await _catalog.DeactivateAllAsync(_context.Options.DeactivationTimeout);
        }
        catch (TimeoutException)
        {
            Log.ShutdownTimedOut(_logger, Address.ToString(), _context.Options.DeactivationTimeout);
        }
    }
}
