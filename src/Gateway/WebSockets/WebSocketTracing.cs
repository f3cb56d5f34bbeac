using System.Diagnostics;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// A span per WebSocket action: <c>ws {action}</c>, a server span of source <see cref="SourceName"/>. The socket's
/// own request span (<c>GET /ws</c>) lasts as long as the connection, hours perhaps, so an action is never its child:
/// each action starts a trace of its own, linked to the connection's span, and is the parent of the grain calls it
/// makes. A run started by <c>user_message</c> stays in that action's trace to its end (see the grains' RunTracing).
/// Attributes name the action, the user, and the thread or run it touches; never the token or the message text.
/// </summary>
internal static class WebSocketTracing
{
    /// <summary>The name of the gateway's <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "Netra.Gateway";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>
    /// Starts the span of <paramref name="action"/> of <paramref name="userId"/> as the root of a trace, linked to
    /// <paramref name="connection"/> (the <c>GET /ws</c> span). Whatever span was current is no longer current for the
    /// caller (an async method, so its own caller keeps it), so the action's calls never join the connection's trace.
    /// Null when nobody listens.
    /// </summary>
    public static Activity? StartAction(ClientAction action, string userId, ActivityContext connection)
    {
        Activity.Current = null;
        if (!s_source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = connection == default ? null : [new ActivityLink(connection)];
        var activity = s_source.StartActivity($"ws {action.Name}", ActivityKind.Server, default(ActivityContext), tags: null, links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("netra.ws.action", action.Name);
            activity.SetTag("user.id", userId);
            switch (action)
            {
                case ClientAction.StartRun { ThreadId: { } threadId }:
                    activity.SetTag("gen_ai.conversation.id", threadId);
                    break;
                case ClientAction.StopAgent stop:
                    activity.SetTag("netra.run.id", stop.RunId);
                    break;
                case ClientAction.Resume resume:
                    activity.SetTag("netra.ws.after_seq", resume.AfterSeq);
                    break;
            }
        }

        return activity;
    }

    /// <summary>Marks the action refused with <paramref name="code"/> (the code of the <c>error</c> event the client gets).</summary>
    public static void Refused(Activity? activity, string code)
    {
        activity?.SetTag("error.type", code);
        activity?.SetStatus(ActivityStatusCode.Error, code);
    }
}
