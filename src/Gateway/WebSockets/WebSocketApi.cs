using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Netra.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace Netra.Gateway.WebSockets;

/// <summary>The chat socket, <c>GET /ws</c>, of ../shared/PROTOCOL.md.</summary>
public static class WebSocketApi
{
    private static readonly ClaimsPrincipal s_released = new(new ClaimsIdentity());

    /// <summary>Adds the socket's services, with limits from <see cref="NetraWebSocketOptions.Section"/>.</summary>
    public static WebApplicationBuilder AddNetraWebSockets(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<NetraWebSocketOptions>(builder.Configuration.GetSection(NetraWebSocketOptions.Section));
        builder.Services.AddSingleton<UserHubRegistry>();
        builder.Services.AddSingleton<ActionRateLimiter>();
        builder.Services.AddSingleton<ConnectionSweeper>();

        // The socket takes its token in the query string (browsers cannot set headers on a WebSocket), and ASP.NET
        // Core's "Request starting" line logs the query string: keep that line off so no token reaches a log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    /// <summary>Maps <c>/ws</c>: authenticated users only; <c>after_seq</c> in the query resumes from there.</summary>
    public static IEndpointConventionBuilder MapWebSocketApi(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        return app.Map("/ws", AcceptAsync).RequireAuthorization().WithName("ChatSocket").ExcludeFromDescription();
    }

    private static async Task<IResult> AcceptAsync(
        HttpContext context, UserHubRegistry hubs, ActionRateLimiter limiter, IChatCommands commands,
        IOptions<NetraWebSocketOptions> options, TimeProvider time, ILoggerFactory loggers, ConnectionSweeper sweeper)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                "Connect with a WebSocket upgrade.", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "websocket_required" });
        }

        long? afterSeq = null;
        if (context.Request.Query.TryGetValue("after_seq", out var raw))
        {
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.Problem(
                    "after_seq must be a whole number of 0 or more.", statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["code"] = "invalid_after_seq" });
            }

            afterSeq = parsed;
        }

        var userId = context.User.GetUserId();
        ReleaseAuthentication(context);
        var logger = loggers.CreateLogger("Netra.Gateway.WebSockets");
        var hub = await hubs.AcquireAsync(userId, context.RequestAborted);
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new ClientConnection(socket, hub, options.Value, time, logger);
            hub.Add(connection);
            WebSocketLog.Connected(logger, userId, afterSeq);
            var actions = new ConnectionActions(connection, limiter, commands, time, logger, Activity.Current?.Context ?? default);
            try
            {
                await connection.RunAsync(afterSeq, actions.HandleAsync, sweeper);
            }
            finally
            {
                hub.Remove(connection);
                WebSocketLog.Disconnected(logger, userId);
            }
        }
        finally
        {
            hubs.Release(userId);
        }

        return TypedResults.Empty;
    }

    /// <summary>
    /// A socket lives for hours and needs only its user id: drop the authenticated principal (its claims, and the
    /// validated token they refer to) so an idle connection does not hold them.
    /// </summary>
    private static void ReleaseAuthentication(HttpContext context)
    {
        if (context.Features.Get<IAuthenticateResultFeature>() is { } result)
        {
            result.AuthenticateResult = null;
        }

        context.User = s_released;
    }
}
