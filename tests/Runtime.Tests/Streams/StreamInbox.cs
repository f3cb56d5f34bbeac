using Netra.Runtime.Streams;

namespace Netra.Runtime.Tests.Streams;

/// <summary>What a subscription delivered, in order, with a check that it came one by one from the start.</summary>
public sealed class StreamInbox<T>
{
    private readonly List<StreamItem<T>> _items = [];

    public IReadOnlyList<StreamItem<T>> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public Task OnItemsAsync(IReadOnlyList<StreamItem<T>> items, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            _items.AddRange(items);
        }

        return Task.CompletedTask;
    }

    /// <summary>Asserts the sequence numbers run from <paramref name="first"/> to <paramref name="last"/> with no gap and no duplicate.</summary>
    public void AssertContiguous(long first, long last)
    {
        var sequences = Items.Select(i => i.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i), sequences);
    }
}
