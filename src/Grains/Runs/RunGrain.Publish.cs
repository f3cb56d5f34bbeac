using System.Text.Json;
using Netra.Grains.Agents;
using Netra.Grains.Events;

namespace Netra.Grains.Runs;

/// <summary>Publishing a run's events exactly once.</summary>
public sealed partial class RunGrain
{
    /// <summary>How far back in the stream a resumed run looks for an event it may have published before a crash.</summary>
    private const int RecoveryScan = 1_000;

    /// <summary>
    /// Publishes <paramref name="runEvent"/> unless its key is already recorded. The key is written as pending before
    /// the append and cleared with the sequence number after it, so after a crash between the two the run finds the
    /// event in the stream (each event carries its key) instead of appending it twice.
    /// </summary>
    private async Task<long> PublishAsync(RunEvent runEvent)
    {
        if (state.State.Events.FirstOrDefault(e => e.Key == runEvent.Key) is { } published)
        {
            return published.Seq;
        }

        if (state.State.PendingKey is { } pending && await FindInStreamAsync(pending) is { } found)
        {
            Record(pending, found);
            if (pending == runEvent.Key)
            {
                await state.WriteStateAsync();
                return found.Sequence;
            }
        }

        state.State = state.State with { PendingKey = runEvent.Key };
        await state.WriteStateAsync();
        using var data = JsonDocument.Parse(runEvent.DataJson);
        var item = new UserEvent(
            runEvent.Type, data.RootElement.Clone(), Request.ThreadId, Request.RunId, runEvent.Agent, time.GetUtcNow(), runEvent.Key);
        var seq = await Stream.OnNextAsync(item);
        state.State = state.State with
        {
            PendingKey = null,
            Events = [.. state.State.Events, new RunEventRecord(runEvent.Key, seq, runEvent.Type, runEvent.Agent)],
        };
        await state.WriteStateAsync();
        return seq;
    }

    private void Record(string key, Runtime.Streams.StreamItem<UserEvent> item) => state.State = state.State with
    {
        PendingKey = null,
        Events = [.. state.State.Events, new RunEventRecord(key, item.Sequence, item.Value.Type, item.Value.AgentName ?? AgentNames.Supervisor)],
    };

    private async Task<Runtime.Streams.StreamItem<UserEvent>?> FindInStreamAsync(string key)
    {
        var from = state.State.Events.Count > 0 ? state.State.Events[^1].Seq : 0;
        var last = await Stream.GetLastSequenceAsync();
        for (var cursor = Math.Max(from, last - RecoveryScan); cursor < last;)
        {
            var page = await Stream.ReadAsync(cursor, 500);
            if (page.Items.Count == 0)
            {
                break;
            }

            foreach (var item in page.Items)
            {
                if (item.Value.RunId == Request.RunId && item.Value.Key == key)
                {
                    return item;
                }
            }

            cursor = page.Items[^1].Sequence;
        }

        return null;
    }
}
