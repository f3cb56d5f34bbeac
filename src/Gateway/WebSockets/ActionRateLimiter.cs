using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// A token bucket per user across their connections to this gateway: <see cref="NetraWebSocketOptions.ActionBurst"/>
/// actions at once, refilled at <see cref="NetraWebSocketOptions.ActionsPerSecond"/>. Buckets of users who went quiet
/// are dropped as they refill, so the table does not grow without bound.
/// </summary>
internal sealed class ActionRateLimiter(IOptions<NetraWebSocketOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _lastSweep = time.GetTimestamp();

    /// <summary>Takes a token for <paramref name="userId"/>; false when the user is over the limit.</summary>
    public bool TryAcquire(string userId)
    {
        var settings = options.Value;
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(userId, static (_, s) => new Bucket(s.burst, s.now), (burst: (double)settings.ActionBurst, now));
        bool acquired;
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.UpdatedAt, now).TotalSeconds;
            bucket.Tokens = Math.Min(settings.ActionBurst, bucket.Tokens + (elapsed * settings.ActionsPerSecond));
            bucket.UpdatedAt = now;
            acquired = bucket.Tokens >= 1;
            if (acquired)
            {
                bucket.Tokens--;
            }
        }

        SweepNow(now, settings);
        return acquired;
    }

    private void SweepNow(long now, NetraWebSocketOptions settings)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < TimeSpan.FromMinutes(1) || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        var full = TimeSpan.FromSeconds(settings.ActionBurst / settings.ActionsPerSecond);
        foreach (var (user, bucket) in _buckets)
        {
            if (time.GetElapsedTime(bucket.UpdatedAt, now) > full)
            {
                _buckets.TryRemove(user, out _);
            }
        }
    }

    private sealed class Bucket(double tokens, long updatedAt)
    {
        public double Tokens { get; set; } = tokens;

        public long UpdatedAt { get; set; } = updatedAt;
    }
}
