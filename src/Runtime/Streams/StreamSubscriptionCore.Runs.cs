namespace Netra.Runtime.Streams;

/// <summary>The subscription's fast path: a push that runs on from the last delivered item goes straight to the callback.</summary>
internal sealed partial class StreamSubscriptionCore<T>
{
    /// <summary>Whether <paramref name="items"/> run on from the last delivered item, one page at most, with none pending.</summary>
    private bool IsNextRun(List<StreamRecord> items)
    {
        if (items.Count == 0 || items.Count > _options.PageSize || _pendingItems is { Count: > 0 } || items[0].Sequence != _lastDelivered + 1)
        {
            return false;
        }

        for (var i = 1; i < items.Count; i++)
        {
            if (items[i].Sequence != items[0].Sequence + i)
            {
                return false;
            }
        }

        return true;
    }

    private async Task DeliverRunAsync(List<StreamRecord> items)
    {
        var batch = new StreamItem<T>[items.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = new StreamItem<T>(items[i].Sequence, StreamCodec<T>.Decode(items[i].Payload, _json), items[i].Timestamp);
        }

        await _onItems(batch, _stop.Token);
        Volatile.Write(ref _lastDelivered, batch[^1].Sequence);
    }
}
