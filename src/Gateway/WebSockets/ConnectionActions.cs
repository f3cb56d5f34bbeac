using System.Diagnostics;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// Carries out one connection's valid actions, under the user's rate limit, each in a span of its own
/// (<see cref="WebSocketTracing"/>) linked to <paramref name="connectionSpan"/>, the socket's request span.
/// </summary>
internal sealed class ConnectionActions(
    ClientConnection connection, ActionRateLimiter limiter, IChatCommands commands, TimeProvider time, ILogger logger, ActivityContext connectionSpan)
{
    public async Task HandleAsync(ClientAction action)
    {
        using var span = WebSocketTracing.StartAction(action, connection.UserId, connectionSpan);
        if (!limiter.TryAcquire(connection.UserId))
        {
            WebSocketTracing.Refused(span, "rate_limited");
            connection.Enqueue(Frames.Error("rate_limited", "Too many actions; slow down.", time));
            return;
        }

        switch (action)
        {
            case ClientAction.Ping:
                connection.Enqueue(Frames.Control("pong", null, time));
                return;
            case ClientAction.Resume resume:
                await connection.ResumeAsync(resume.AfterSeq);
                return;
            case ClientAction.StartRun start:
                await RunAsync("start_run", span, () => commands.StartRunAsync(connection.UserId, start.ThreadId, start.Message, CancellationToken.None));
                return;
            case ClientAction.StopAgent stop:
                await RunAsync("stop_agent", span, () => commands.StopRunAsync(connection.UserId, stop.RunId, CancellationToken.None));
                return;
        }
    }

    private async Task RunAsync(string name, Activity? span, Func<Task<CommandOutcome>> command)
    {
        try
        {
            var outcome = await command();
            if (!outcome.Succeeded)
            {
                WebSocketTracing.Refused(span, outcome.ErrorCode!);
                connection.Enqueue(Frames.Error(outcome.ErrorCode!, outcome.ErrorMessage!, time));
            }
        }
        catch (Exception exception)
        {
            WebSocketTracing.Refused(span, "internal_error");
            WebSocketLog.ActionFailed(logger, exception, name, connection.UserId);
            connection.Enqueue(Frames.Error("internal_error", "The action failed; try again.", time));
        }
    }
}
