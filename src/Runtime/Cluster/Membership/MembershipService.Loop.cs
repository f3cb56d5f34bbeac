namespace Netra.Runtime.Cluster.Membership;

/// <summary>The service's periodic steps: heartbeat, refresh, probe round and cleanup, and the loop that runs them.</summary>
public sealed partial class MembershipService
{
    /// <summary>Runs every protocol step that is due and returns when the next one falls due.</summary>
    internal async Task<DateTimeOffset> TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (IsRunning && now >= _nextIAmAlive)
            {
                _nextIAmAlive = now + _options.IAmAliveInterval;
                await GuardAsync("heartbeat", SendIAmAliveAsync, cancellationToken).ConfigureAwait(false);
            }

            if (IsRunning && now >= _nextRefresh)
            {
                _nextRefresh = now + _options.RefreshInterval;
                await GuardAsync("refresh", ReadAndPublishAsync, cancellationToken).ConfigureAwait(false);
            }

            if (IsRunning && now >= _nextProbe)
            {
                _nextProbe = now + _options.ProbeInterval;
                await GuardAsync("probe", ProbeRoundAsync, cancellationToken).ConfigureAwait(false);
            }

            if (IsRunning && now >= _nextCleanup)
            {
                _nextCleanup = now + _options.DefunctSiloCleanupPeriod;
                await GuardAsync("cleanup", CleanupAsync, cancellationToken).ConfigureAwait(false);
            }

            return new[] { _nextIAmAlive, _nextRefresh, _nextProbe, _nextCleanup }.Min();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && IsRunning)
            {
                DateTimeOffset next;
                try
                {
                    next = await TickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Each step guards itself, so this is a bug; a silo that stopped its loop would never learn its fate.
                    MembershipLog.LoopFailed(_logger, e, Name);
                    next = _time.GetUtcNow() + _options.ProbeInterval;
                }

                var delay = next - _time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, disposed or declared dead.
        }
    }

    private async Task StopLoopAsync()
    {
        if (_loopCancellation is { } cancellation)
        {
            try
            {
                await cancellation.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Already stopped and disposed (declared dead, or disposed first): the loop has ended or is ending.
            }
        }

        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private async Task GuardAsync(string action, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            MembershipLog.PeriodicActionFailed(_logger, e, action, Name);
        }
    }

    private Task SendIAmAliveAsync(CancellationToken cancellationToken) =>
        _table.UpdateIAmAliveAsync(_self!, _time.GetUtcNow(), cancellationToken);

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.DefunctSiloCleanupAge;
        var count = await _table.CleanupDefunctEntriesAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            MembershipLog.CleanedUp(_logger, Name, count);
        }
    }
}
