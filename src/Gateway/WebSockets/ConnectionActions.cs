namespace Netra.Gateway.WebSockets;

/// <summary>Carries out one connection's valid actions, under the user's rate limit.</summary>
internal sealed class ConnectionActions(ClientConnection connection, ActionRateLimiter limiter, IChatCommands commands, TimeProvider time, ILogger logger)
{
    public async Task HandleAsync(ClientAction action)
    {
        if (!limiter.TryAcquire(connection.UserId))
        {
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
                await RunAsync("start_run", () => commands.StartRunAsync(connection.UserId, start.ThreadId, start.Message, CancellationToken.None));
                return;
            case ClientAction.StopAgent stop:
                await RunAsync("stop_agent", () => commands.StopRunAsync(connection.UserId, stop.RunId, CancellationToken.None));
                return;
        }
    }

    private async Task RunAsync(string name, Func<Task<CommandOutcome>> command)
    {
        try
        {
            var outcome = await command();
            if (!outcome.Succeeded)
            {
                connection.Enqueue(Frames.Error(outcome.ErrorCode!, outcome.ErrorMessage!, time));
            }
        }
        catch (Exception exception)
        {
            WebSocketLog.ActionFailed(logger, exception, name, connection.UserId);
            connection.Enqueue(Frames.Error("internal_error", "The action failed; try again.", time));
        }
    }
}
