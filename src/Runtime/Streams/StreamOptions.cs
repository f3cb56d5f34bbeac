namespace Netra.Runtime.Streams;

/// <summary>How long streams keep their items and how subscriptions stay alive.</summary>
public sealed class StreamOptions
{
    /// <summary>Items older than this are trimmed. The default is 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Each stream keeps at most this many of its latest items. The default is 10,000.</summary>
    public int MaxItemsPerStream { get; set; } = 10_000;

    /// <summary>
    /// How often a subscription renews itself with its stream. A renewal re-registers it (so it finds a stream that
    /// moved to another silo) and fetches anything it missed. The default is 5 seconds.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A stream forgets a subscriber that has not renewed for this long. The default is 30 seconds.</summary>
    public TimeSpan SubscriberLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a subscription waits for an item that arrived out of order before reading it from the log.</summary>
    public TimeSpan GapWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most items one read or one delivery batch carries.</summary>
    public int PageSize { get; set; } = 1_000;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero, nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItemsPerStream, 1, nameof(MaxItemsPerStream));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewInterval, TimeSpan.Zero, nameof(RenewInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SubscriberLease, RenewInterval, nameof(SubscriberLease));
        ArgumentOutOfRangeException.ThrowIfLessThan(GapWait, TimeSpan.Zero, nameof(GapWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1, nameof(PageSize));
    }
}
