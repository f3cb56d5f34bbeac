using System.Globalization;
using System.Security.Claims;
using System.Threading.Channels;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Gateway.WebSockets;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Runtime.Streams;

namespace Netra.Gateway.Runs;

/// <summary>
/// <c>GET /api/runs/{id}/events</c>: the run's envelopes from the user's stream, the same frames the socket sends.
/// As JSON, the events so far; as <c>text/event-stream</c>, those and then the live ones until the run ends, each with
/// its <c>seq</c> as the SSE id so a reconnect with <c>Last-Event-ID</c> resumes exactly.
/// </summary>
internal static class RunEvents
{
    public static async Task<IResult> GetAsync(
        string id, long? after_seq, ClaimsPrincipal user, HttpContext context, RunService runs, IStreamProvider streams)
    {
        var userId = user.GetUserId();
        if (await runs.GetAsync(userId, id) is not { } run)
        {
            return RunsApi.NotFound();
        }

        var after = after_seq ?? (long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0);
        if (after < 0)
        {
            return ApiProblems.BadRequest("invalid_after_seq", "after_seq must be a whole number of 0 or more.");
        }

        var stream = streams.GetStream<UserEvent>(UserStreams.For(userId));
        var from = Math.Max(after, run.FirstSeq - 1);
        var wantsStream = context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (!wantsStream)
        {
            var frames = new List<byte[]>();
            await ReadAsync(stream, id, from, run.FirstSeq == 0 ? from : run.LastSeq, item => frames.Add(Frames.Event(item)), context.RequestAborted);
            return TypedResults.Bytes(JoinAsArray(frames), "application/json");
        }

        await FollowAsync(context, stream, id, from, RunStatus.IsFinished(run.Status) ? run.LastSeq : long.MaxValue);
        return TypedResults.Empty;
    }

    /// <summary>Reads the run's events in (<paramref name="from"/>, <paramref name="to"/>]; returns the last sequence number read.</summary>
    private static async Task<long> ReadAsync(
        IAsyncStream<UserEvent> stream, string runId, long from, long to, Action<StreamItem<UserEvent>> onEvent, CancellationToken cancellationToken)
    {
        var cursor = from;
        while (cursor < to)
        {
            var page = await stream.ReadAsync(cursor, 500, cancellationToken);
            foreach (var item in page.Items.Where(i => i.Sequence <= to))
            {
                if (item.Value.RunId == runId)
                {
                    onEvent(item);
                }
            }

            if (page.Items.Count == 0)
            {
                return Math.Max(cursor, page.LastSequence);
            }

            cursor = page.Items[^1].Sequence;
        }

        return cursor;
    }

    private static async Task FollowAsync(HttpContext context, IAsyncStream<UserEvent> stream, string runId, long from, long end)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        var events = Channel.CreateBounded<StreamItem<UserEvent>>(new BoundedChannelOptions(1_024) { FullMode = BoundedChannelFullMode.Wait });
        await using var subscription = await stream.SubscribeAsync(
            async (items, ct) =>
            {
                foreach (var item in items.Where(i => i.Value.RunId == runId))
                {
                    await events.Writer.WriteAsync(item, ct);
                }
            },
            from,
            aborted);
        await context.Response.Body.FlushAsync(aborted);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(aborted))
            {
                if (item.Sequence > end)
                {
                    return;
                }

                var frame = Frames.Event(item);
                await context.Response.WriteAsync($"id: {item.Sequence}\nevent: {item.Value.Type}\ndata: ", aborted);
                await context.Response.Body.WriteAsync(frame, aborted);
                await context.Response.WriteAsync("\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
                if (item.Sequence == end || item.Value.Type is UserEventTypes.AgentCompleted or UserEventTypes.AgentError)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static byte[] JoinAsArray(List<byte[]> frames)
    {
        var size = 2 + frames.Sum(f => f.Length + 1);
        var buffer = new byte[size];
        var at = 0;
        buffer[at++] = (byte)'[';
        for (var i = 0; i < frames.Count; i++)
        {
            if (i > 0)
            {
                buffer[at++] = (byte)',';
            }

            frames[i].CopyTo(buffer, at);
            at += frames[i].Length;
        }

        buffer[at++] = (byte)']';
        return buffer.AsSpan(0, at).ToArray();
    }

}
