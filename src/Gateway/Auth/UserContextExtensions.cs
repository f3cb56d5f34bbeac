using Netra.Runtime.Invocation;

namespace Netra.Gateway.Auth;

/// <summary>Names the signed-in user in the runtime's request context, so logs here and in every silo carry it.</summary>
public static class UserContextExtensions
{
    /// <summary>
    /// After authentication, records the user's id (the token's <c>sub</c>) as <see cref="RequestContext.UserIdKey"/>
    /// for the rest of the request: every log line it writes and every grain call it makes carries the id. The
    /// middleware is async, so the value ends with the request and never reaches the connection's next one.
    /// </summary>
    public static IApplicationBuilder UseNetraUserContext(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.FindFirst(NetraClaims.Subject)?.Value is { Length: > 0 } userId)
            {
                RequestContext.Set(RequestContext.UserIdKey, userId);
            }

            await next(context);
        });
}
